"""Comments: posting by accounts and guests, replies, edits, deletion, notifications, the ledger."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from dauys.discussions import selectors, services, targets
from dauys.discussions.models import Comment, Thread
from dauys.ledger.models import Entry, Pending
from dauys.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem(make_problem):  # type: ignore[no-untyped-def]
    return make_problem()


@pytest.fixture
def reader(make_user):  # type: ignore[no-untyped-def]
    return make_user("Reader_Two", email="reader@example.org")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, problem, **data) -> object:  # type: ignore[no-untyped-def]
    return client.post(f"/en/discussions/problem/{problem.pk}/comment/", data)


def test_a_member_comments_on_a_problem_and_it_shows_at_once(
    problem, reader, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = _client(reader)
    body = (
        "The crossing is **dangerous**. [Photos](https://example.org/p) <script>alert(1)</script> ![x](https://t/x.png)"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, problem, body=body)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/problems/{problem.pk}/#comment-{comment.pk}"
    page = client.get(f"/en/problems/{problem.pk}/").content.decode()
    assert "1 comment" in page and f'id="comment-{comment.pk}"' in page
    assert "<strong>dangerous</strong>" in page
    assert 'rel="nofollow ugc noopener noreferrer"' in comment.body_html
    assert "<script" not in comment.body_html and "<img" not in comment.body_html
    assert Thread.objects.get(target=f"problem:{problem.pk}").comments_count == 1
    # The problem's author hears of it (in the site and, by their settings, by e-mail); the writer does not.
    assert Notification.objects.filter(user=problem.author, kind="comment.posted").count() == 1
    assert not Notification.objects.filter(user=reader).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Write a comment."),
        ("x" * 10_001, "A comment can be at most 10,000 characters long; this one has 10001 characters."),
    ],
)
def test_bad_bodies_are_refused_and_nothing_is_written(problem, reader, body, message) -> None:  # type: ignore[no-untyped-def]
    response = _post(_client(reader), problem, body=body)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_rejected_comment_comes_back_on_the_problems_own_page_with_its_text(problem, reader) -> None:  # type: ignore[no-untyped-def]
    too_long = "My own words, kept. " + "x" * 10_000
    response = _post(_client(reader), problem, body=too_long)
    page = response.content.decode()
    assert response.status_code == 400
    assert f"<h1>{problem.title}</h1>" in page  # the problem's page, not the discussion's
    assert '<div class="error-summary"' in page and "at most 10,000 characters" in page
    assert "My own words, kept. xxx" in page  # the text is in the form, to be shortened


def test_a_double_submitted_form_makes_one_comment(problem, reader) -> None:  # type: ignore[no-untyped-def]
    client = _client(reader)
    first = _post(client, problem, body="Same words")
    second = _post(client, problem, body="Same words")
    assert first.status_code == second.status_code == 302
    assert Comment.objects.count() == 1
    assert Thread.objects.get().comments_count == 1


def test_replies_are_one_level_deep(problem, reader, author, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    top = services.comment_post(target_key=f"problem:{problem.pk}", body="Top", author=reader)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_post(target_key=f"problem:{problem.pk}", body="Reply", author=author, parent=top)
    # A reply to a reply joins the same thread of replies.
    again = services.comment_post(target_key=f"problem:{problem.pk}", body="Again", author=reader, parent=reply)
    assert reply.parent_id == top.pk and again.parent_id == top.pk
    assert Notification.objects.filter(user=reader, kind="comment.reply").exists()
    page = Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert page.index("Top") < page.index("Reply") < page.index("Again")
    # Replying to a deleted comment is refused with a message, on the comment's own page.
    services.comment_delete(comment=top, user=reader)
    response = _client(author).post(
        f"/en/discussions/problem/{problem.pk}/comment/", {"body": "Late", "parent": top.pk}
    )
    assert response.status_code == 400
    assert "You cannot reply to a comment that was deleted or hidden." in response.content.decode()
    assert not Comment.objects.filter(body="Late").exists()


def test_guest_comment_waits_for_the_link_and_the_address_is_never_shown(
    problem, proof, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    guest = Client()
    form = guest.get(f"/en/discussions/problem/{problem.pk}/").content.decode()
    assert "Name" in form and "E-mail (will not be published)" in form and 'class="req"' in form
    assert re.search(r'<input type="email" name="email"[^>]*required', form)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            guest, problem, name="Aigerim", email="aigerim@example.org", body="I live here too.", **proof()
        )
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.UNCONFIRMED
    assert "I live here too." not in Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert Client().get(f"/en/comments/{comment.pk}/").status_code == 404
    message = mail.outbox[-1]
    assert message.to == ["aigerim@example.org"]
    link = re.search(r"https?://[^/\s]+(/en/comments/confirm/\S+/)", message.body).group(1)  # type: ignore[union-attr]
    with django_capture_on_commit_callbacks(execute=True):
        response = guest.get(link)
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.guest_email == ""
    assert comment.guest_hash == services.guest_hash("AIGERIM@example.org ")
    assert "dauys_guest" not in response.cookies  # not asked to remember
    # A replayed link says what happened.
    replay = guest.get(link)
    assert replay.status_code == 400 and "This link was used already" in replay.content.decode()
    assert guest.get("/en/comments/confirm/forged-token/").status_code == 400
    # The address appears nowhere: not on the pages, not for moderators.
    moderator = _client(_staff())
    services.comment_flag(comment=comment, user=problem.author, rule="spam")
    for client, url in (
        (Client(), f"/en/problems/{problem.pk}/"),
        (Client(), f"/en/comments/{comment.pk}/"),
        (moderator, f"/en/comments/{comment.pk}/"),
        (moderator, "/en/moderation/"),
    ):
        html = client.get(url).content.decode()
        assert "Aigerim" in html and "aigerim@example.org" not in html, url
    assert comment.guest_hash in moderator.get("/en/moderation/").content.decode()


def _staff():  # type: ignore[no-untyped-def]
    from dauys.accounts.models import User

    user = User.objects.create_user(username="mod", email="mod@example.org", password="x" * 12, display_name="Mod")
    user.is_staff = True
    user.save()
    return user


def test_a_remembered_guest_publishes_at_once(problem, proof, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    guest = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _post(guest, problem, name="Daulet", email="daulet@example.org", body="First", remember="on", **proof())
    link = re.search(r"(/en/comments/confirm/\S+/)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    response = guest.get(link)
    assert "dauys_guest" in response.cookies and response.cookies["dauys_guest"]["httponly"]
    form = guest.get(f"/en/discussions/problem/{problem.pk}/").content.decode()
    assert 'value="daulet@example.org"' in form  # shown to the guest themself only
    sent = len(mail.outbox)
    response = _post(guest, problem, name="Daulet", email="daulet@example.org", body="Second", **proof())
    assert response.status_code == 302
    assert Comment.objects.get(body="Second").status == Comment.Status.PUBLISHED
    assert not [m for m in mail.outbox[sent:] if "daulet@example.org" in m.to]  # no link to confirm it
    # Another address from the same browser still needs its link.
    _post(guest, problem, name="Daulet", email="other@example.org", body="Third", **proof())
    assert Comment.objects.get(body="Third").status == Comment.Status.UNCONFIRMED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@example.org", "body": "x"}, "Give a name to show with your comment."),
        ({"name": "A", "email": "", "body": "x"}, "Give your e-mail address"),
        ({"name": "A", "email": "not-an-address", "body": "x"}, "This is not a valid e-mail address."),
        ({"name": "A", "email": "a@example.org", "body": ""}, "Write a comment."),
    ],
)
def test_guest_form_errors(problem, proof, data, message) -> None:  # type: ignore[no-untyped-def]
    response = _post(Client(), problem, **data, **proof())
    assert response.status_code == 400 and message in response.content.decode()
    assert not Comment.objects.exists() and not mail.outbox


def test_edits_after_the_grace_minutes_are_marked_with_public_history(problem, reader) -> None:  # type: ignore[no-untyped-def]
    comment = services.comment_post(target_key=f"problem:{problem.pk}", body="Frist version", author=reader)
    client = _client(reader)
    assert client.post(f"/en/comments/{comment.pk}/edit/", {"body": "First version"}).status_code == 302
    comment.refresh_from_db()
    assert comment.edited_at is None and not comment.revisions.exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.post(f"/en/comments/{comment.pk}/edit/", {"body": "Second version"}).status_code == 302
    comment.refresh_from_db()
    assert comment.edited_at is not None
    page = Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert "Second version" in page and f"/en/comments/{comment.pk}/history/" in page
    history = Client().get(f"/en/comments/{comment.pk}/history/").content.decode()
    assert "First version" in history and "Second version" in history and "Frist" not in history
    # Nobody else may edit it.
    other = _client(problem.author)
    assert other.post(f"/en/comments/{comment.pk}/edit/", {"body": "Hijack"}).status_code == 403


def test_deleting_leaves_a_tombstone_and_keeps_the_replies(problem, reader, author) -> None:  # type: ignore[no-untyped-def]
    top = services.comment_post(target_key=f"problem:{problem.pk}", body="Secret words", author=reader)
    services.comment_post(target_key=f"problem:{problem.pk}", body="A reply", author=author, parent=top)
    assert _client(author).post(f"/en/comments/{top.pk}/delete/").status_code == 403
    assert _client(reader).post(f"/en/comments/{top.pk}/delete/").status_code == 302
    page = Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert "Deleted by its author." in page and "Secret words" not in page and "A reply" in page
    top.refresh_from_db()
    assert top.body == "" and top.status == Comment.Status.DELETED
    assert Thread.objects.get().comments_count == 1


def test_comments_on_answers_places_and_authorities(
    problem, reader, recorded_appeal, astana_yesil, yesil_akimat
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from dauys.problems import services as problem_services

    appeal = recorded_appeal(date(2026, 3, 16), problem=problem)
    answer = problem_services.answer_record(
        appeal=appeal, actor=problem.author, kind="formal", text="We have received it.", received_on=date(2026, 4, 1)
    )
    client = _client(reader)
    assert client.post(f"/en/discussions/answer/{answer.pk}/comment/", {"body": "A brush-off."}).status_code == 302
    assert "Discuss this answer (1 comment)" in Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert "A brush-off." in Client().get(f"/en/discussions/answer/{answer.pk}/").content.decode()
    for kind, ref, url in (
        ("place", astana_yesil.slug, astana_yesil.get_absolute_url()),
        ("authority", yesil_akimat.slug, yesil_akimat.get_absolute_url()),
    ):
        assert client.post(f"/en/discussions/{kind}/{ref}/comment/", {"body": f"On the {kind}"}).status_code == 302
        assert f"On the {kind}" in Client().get(url).content.decode()
    # Nothing that is not public can be commented on.
    draft = problem_services.problem_draft(
        author=reader,
        data=problem_services.ProblemInput(
            title="A draft problem",
            body="Not published yet, so not public",
            category=problem.category,
            place=problem.place,
        ),
    )
    assert client.post(f"/en/discussions/problem/{draft.pk}/comment/", {"body": "Hi"}).status_code == 404
    assert client.post("/en/discussions/nothing/1/comment/", {"body": "Hi"}).status_code == 404


def test_long_discussions_are_paginated_and_permalinks_find_the_page(problem, reader) -> None:  # type: ignore[no-untyped-def]
    key = f"problem:{problem.pk}"
    comments = [services.comment_post(target_key=key, body=f"Comment number {i}", author=reader) for i in range(1, 121)]
    first = Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert "Comment number 1<" in first and "Comment number 51<" not in first and "Page 1 of 3" in first
    third = Client().get(f"/en/problems/{problem.pk}/?comments=3").content.decode()
    assert "Comment number 120<" in third and "Comment number 100<" not in third
    assert selectors.page_of(comments[110]) == 3
    response = Client().get(f"/en/comments/{comments[110].pk}/")
    assert f"/en/problems/{problem.pk}/?comments=3#comment-{comments[110].pk}" in response.content.decode()


def test_comment_events_become_leaves_without_removed_text(problem, reader, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    import json

    comment = services.comment_post(target_key=f"problem:{problem.pk}", body="Words to be hidden", author=reader)
    services.comment_hide(comment=comment, moderator=_staff(), rule="abuse")
    # Numbered into the log once committed (what is still pending comes after what is numbered).
    written = [e.data for e in Entry.objects.order_by("index")] + [p.data for p in Pending.objects.order_by("pk")]
    leaves = [json.loads(data) for data in written]
    mine = [leaf for leaf in leaves if leaf["object"].endswith(f"/api/v1/comments/{comment.pk}")]
    assert [leaf["type"] for leaf in mine] == ["comment.posted", "comment.hidden"]
    assert mine[1]["rule"] == "abuse" and "action_id" in mine[1]
    assert all("Words to be hidden" not in data for data in written)


def test_kept_fragments_follow_every_change_of_a_comment_and_the_language(problem, author, reader) -> None:  # type: ignore[no-untyped-def]
    """Comments' HTML is kept under a hash of what it shows: an edit, a deletion, a new reply or another language
    gives new HTML at once, with nothing to invalidate."""
    from django.utils import translation

    from dauys.accounts.services import display_name_change
    from dauys.discussions import fragments

    def html() -> str:
        shown = selectors.discussion(selectors.targets.resolve(f"problem:{problem.pk}")).comments
        return str(fragments.render_comments(shown))

    comment = services.comment_post(target_key=f"problem:{problem.pk}", body="Before the edit", author=author)
    assert "Before the edit" in html()
    services.comment_edit(comment=comment, user=author, body="After the edit")
    assert "After the edit" in html() and "Before the edit" not in html()
    services.comment_post(target_key=f"problem:{problem.pk}", body="A reply", author=reader, parent=comment)
    assert 'class="replies"' in html() and "A reply" in html()
    display_name_change(user=reader, display_name="Renamed reader")
    assert "Renamed reader" in html()
    with translation.override("ru"):
        assert "Ответить" in html()
    services.comment_delete(comment=comment, user=author)
    assert "After the edit" not in html() and "Deleted by its author." in html()


def test_a_discussion_locked_while_a_comment_is_written_refuses_it_whole(problem, reader, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The counter's update, last in the transaction, finds the lock a moderator set after the first look.
    key = f"problem:{problem.pk}"
    services.comment_post(target_key=key, body="First.", author=reader)
    Thread.objects.filter(target=key).update(locked=True)
    from dauys.discussions.services import sql

    looked = sql.thread_for

    def seen_before_the_lock(target, tries, first):  # type: ignore[no-untyped-def]
        thread = looked(target, tries, first)
        thread.locked = False
        return thread

    monkeypatch.setattr(sql, "thread_for", seen_before_the_lock)
    pending = Pending.objects.count()
    with pytest.raises(ValidationError, match="locked"):
        services.comment_post(target_key=key, body="Second.", author=reader)
    assert list(Comment.objects.values_list("body", flat=True)) == ["First."]
    assert Thread.objects.get(target=key).comments_count == 1
    assert Pending.objects.count() == pending  # no leaf of a comment that was never published


@pytest.mark.commits_held  # what runs after the commit is not the writing transaction's
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
def test_on_postgresql_a_comment_is_written_in_five_round_trips(problem, reader) -> None:  # type: ignore[no-untyped-def]
    # Opening the transaction (here the test's savepoint); the lock, the discussion and the same-text check
    # together; the comment's event (the ledger's outbox row), emitted on its own and no longer inside a batch;
    # the comment and the counter together; closing it. A statement added to this path outside a batch shows here.
    from tests.core.test_statements import _Trace

    key = f"problem:{problem.pk}"
    target = targets.resolve(key)
    services.comment_post(target_key=key, body="First.", author=reader, target=target)  # the discussion exists
    with _Trace() as trace:
        comment = services.comment_post(target_key=key, body="Second.", author=reader, target=target)
    assert comment.status == Comment.Status.PUBLISHED and Thread.objects.get(target=key).comments_count == 2
    assert trace.round_trips == 5, trace.sent
