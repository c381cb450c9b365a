"""Flags, the moderators' queue, hiding and restoring in public, appeals, locks and suspensions."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dauys.discussions import services
from dauys.discussions.models import Comment, Flag, ModerationAction, Moderator, RemovalAppeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(make_problem):  # type: ignore[no-untyped-def]
    return make_problem()


@pytest.fixture
def writer(make_user):  # type: ignore[no-untyped-def]
    return make_user("Writer", email="writer@example.org")


@pytest.fixture
def moderators(make_user):  # type: ignore[no-untyped-def]
    first, second = make_user("Moderator_A"), make_user("Moderator_B")
    Moderator.objects.create(user=first)
    Moderator.objects.create(user=second)
    return first, second


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _comment(problem, writer, body: str = "Rude words here") -> Comment:  # type: ignore[no-untyped-def]
    return services.comment_post(target_key=f"problem:{problem.pk}", body=body, author=writer)


def test_flags_are_one_per_person_and_order_the_queue(problem, writer, make_user, moderators) -> None:  # type: ignore[no-untyped-def]
    quiet, loud = _comment(problem, writer, "Quiet one"), _comment(problem, writer, "Loud one")
    _comment(problem, writer, "Never flagged")
    flaggers = [make_user(f"Flagger {i}") for i in range(3)]
    for user in flaggers:
        assert _as(user).post(f"/en/comments/{loud.pk}/flag/", {"rule": "abuse"}).status_code == 200
    _as(flaggers[0]).post(f"/en/comments/{quiet.pk}/flag/", {"rule": "spam"})
    again = _as(flaggers[0]).post(f"/en/comments/{loud.pk}/flag/", {"rule": "spam"})
    assert again.status_code == 400 and "You have flagged this already" in again.content.decode()
    own = _as(writer).post(f"/en/comments/{loud.pk}/flag/", {"rule": "spam"})
    assert own.status_code == 400 and "You cannot flag what you wrote yourself" in own.content.decode()
    missing = _as(flaggers[1]).post(f"/en/comments/{quiet.pk}/flag/", {})
    assert missing.status_code == 400 and "Choose the rule this comment breaks." in missing.content.decode()
    assert Flag.objects.count() == 4
    queue = _as(moderators[0]).get("/en/moderation/").content.decode()
    assert queue.index("Loud one") < queue.index("Quiet one")
    assert "Never flagged" not in queue
    # Who flagged is not shown, not even to moderators.
    assert "Flagger" not in queue


def test_only_moderators_moderate(problem, writer, make_user) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(problem, writer)
    someone = make_user("Someone")
    assert _as(someone).get("/en/moderation/").status_code == 403
    response = _as(someone).post(f"/en/moderation/comments/{comment.pk}/", {"action": "hide", "rule": "abuse"})
    assert response.status_code == 403
    assert Client().get("/en/moderation/").status_code == 302  # to the login page
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED


def test_hiding_leaves_a_public_tombstone_and_a_log_line_without_the_text(problem, writer, moderators) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(problem, writer)
    client = _as(moderators[0])
    assert client.post(f"/en/moderation/comments/{comment.pk}/", {"action": "hide"}).status_code == 400
    response = client.post(f"/en/moderation/comments/{comment.pk}/", {"action": "hide", "rule": "abuse"})
    assert response.status_code == 302
    page = Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert "Hidden by the moderators: abuse or threats." in page and "Rude words" not in page
    log = Client().get("/en/moderation/log/").content.decode()
    assert "Hid a comment" in log and "abuse or threats" in log and "Moderator_A" in log
    assert "Rude words" not in log
    action = ModerationAction.objects.get()
    assert (action.action, action.object_kind, action.object_id) == ("hide", "comment", comment.pk)


def test_the_author_appeals_once_and_another_moderator_decides(problem, writer, moderators) -> None:  # type: ignore[no-untyped-def]
    first, second = moderators
    comment = _comment(problem, writer)
    services.comment_hide(comment=comment, moderator=first, rule="off_topic")
    author = _as(writer)
    assert "Appeal the removal" in author.get(f"/en/comments/{comment.pk}/").content.decode()
    empty = author.post(f"/en/comments/{comment.pk}/appeal/", {"text": ""})
    assert empty.status_code == 400 and "Say why the comment should be restored." in empty.content.decode()
    assert author.post(f"/en/comments/{comment.pk}/appeal/", {"text": "It is on topic."}).status_code == 302
    twice = author.post(f"/en/comments/{comment.pk}/appeal/", {"text": "Again"})
    assert twice.status_code == 400
    appeal = RemovalAppeal.objects.get()
    same = _as(first).post(f"/en/moderation/appeals/{appeal.pk}/", {"decision": "restore"})
    assert same.status_code == 400 and "A different moderator must decide" in same.content.decode()
    assert _as(second).post(f"/en/moderation/appeals/{appeal.pk}/", {"decision": "restore"}).status_code == 302
    comment.refresh_from_db()
    appeal.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and appeal.outcome == RemovalAppeal.Outcome.RESTORED
    assert "Rude words here" in Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert [a.action for a in ModerationAction.objects.order_by("pk")] == ["hide", "restore"]


def test_a_locked_discussion_takes_no_comments(problem, writer, moderators, make_user) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(problem, writer)
    client = _as(moderators[0])
    assert client.post(f"/en/moderation/comments/{comment.pk}/", {"action": "lock"}).status_code == 302
    response = _as(make_user("Late")).post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": "Me too"})
    assert response.status_code == 400 and "This discussion is locked" in response.content.decode()
    assert "The moderators locked this discussion" in Client().get(f"/en/problems/{problem.pk}/").content.decode()
    edit = _as(writer).post(f"/en/comments/{comment.pk}/edit/", {"body": "Changed"})
    assert edit.status_code == 400
    client.post(f"/en/moderation/comments/{comment.pk}/", {"action": "unlock"})
    assert _as(writer).post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": "Open again"}).status_code == 302


def test_a_suspended_account_cannot_comment(problem, writer, moderators) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(problem, writer)
    client = _as(moderators[0])
    bad = client.post(f"/en/moderation/comments/{comment.pk}/suspend/", {"days": "0", "rule": "spam"})
    assert bad.status_code == 400
    assert (
        client.post(f"/en/moderation/comments/{comment.pk}/suspend/", {"days": "3", "rule": "spam"}).status_code == 302
    )
    response = _as(writer).post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": "Still here"})
    assert response.status_code == 400 and "Your account may not comment until" in response.content.decode()
    # A moderator cannot be suspended by another.
    with pytest.raises(Exception, match="moderator cannot be suspended"):
        services.account_suspend(user=moderators[1], moderator=moderators[0], days=3, rule="spam")


def test_the_moderators_panel_offers_what_fits_the_comment(problem, writer, moderators) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(problem, writer)
    client = _as(moderators[0])

    def actions() -> list[str]:
        page = client.get(f"/en/comments/{comment.pk}/")
        assert page.status_code == 200
        return re.findall(r'name="action" value="(\w+)"', page.content.decode())

    assert actions() == ["hide", "dismiss", "lock"]
    services.comment_hide(comment=comment, moderator=moderators[1], rule="abuse")
    assert actions() == ["restore", "lock"]
    client.post(f"/en/moderation/comments/{comment.pk}/", {"action": "lock"})
    assert actions() == ["restore", "unlock"]
    # Readers who are not moderators see no panel at all.
    assert 'name="action"' not in _as(writer).get(f"/en/comments/{comment.pk}/").content.decode()


def test_flagging_from_the_discussion_is_one_step(problem, writer, make_user) -> None:  # type: ignore[no-untyped-def]
    comment = _comment(problem, writer)
    reader = _as(make_user("Reader"))
    discussion = reader.get(f"/en/problems/{problem.pk}/").content.decode()
    link = f"/en/comments/{comment.pk}/flag/#flag"
    assert f'href="{link}"' in discussion
    page = reader.get(link.split("#")[0]).content.decode()
    assert '<details class="panel" id="flag" open>' in page and 'name="rule"' in page
    assert reader.post(f"/en/comments/{comment.pk}/flag/", {"rule": "abuse"}).status_code == 200
    assert Flag.objects.filter(target=f"comment:{comment.pk}", rule="abuse").count() == 1
    anonymous = Client().get(link.split("#")[0])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
