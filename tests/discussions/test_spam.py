"""Blocked link domains, explainable spam signals, holding for approval, and pre-moderation of new accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dauys.accounts.models import User
from dauys.discussions import services, spam
from dauys.discussions.models import BlockedDomain, Comment, ModerationAction, Moderator, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_account(make_user):  # type: ignore[no-untyped-def]
    user = make_user("Seasoned")
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=400))
    return User.objects.get(pk=user.pk)


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_links_to_a_blocked_domain_are_refused_with_a_message(make_problem, old_account) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    BlockedDomain.objects.create(domain="www.Spam.example")
    client = _as(old_account)
    for body in ("Cheap: https://spam.example/x", "See www.shop.spam.example now", "http://SPAM.example"):
        response = client.post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": body})
        assert response.status_code == 400, body
        assert "Links to spam.example are not allowed here." in response.content.decode()
    assert not Comment.objects.exists()
    fine = client.post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": "See https://notspam.example.org"})
    assert fine.status_code == 302


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The pothole is still there after the promised repair date.", []),
        ("Three sources: https://a.example, https://b.example and https://c.example about the road.", ["many_links"]),
        ("https://a.example/offer", ["mostly_link"]),
        ("THIS IS OUTRAGEOUS AND NOBODY DOES ANYTHING", ["shouting"]),
    ],
)
def test_signals_are_named(old_account, body, expected) -> None:  # type: ignore[no-untyped-def]
    assert spam.signals(body=body, author=old_account) == expected


def test_a_spammy_comment_is_held_explained_and_approved(make_problem, make_user, old_account) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    other = make_problem(title="Another problem with the lights")
    body = "Visit https://a.example https://b.example https://c.example"
    services.comment_post(target_key=f"problem:{other.pk}", body=body, author=old_account)  # held: many links
    response = _as(old_account).post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": body})
    assert response.status_code == 200 and "Your comment waits for a moderator" in response.content.decode()
    comment = Comment.objects.filter(thread__target=f"problem:{problem.pk}").get()
    assert comment.status == Comment.Status.HELD
    assert comment.held_for == ["many_links", "mostly_link", "repeated"]
    assert "Visit" not in Client().get(f"/en/problems/{problem.pk}/").content.decode()
    moderator = make_user("Mod")
    Moderator.objects.create(user=moderator)
    queue = _as(moderator).get("/en/moderation/").content.decode()
    assert "three or more links (+2)" in queue and "the same text by the same writer elsewhere" in queue
    assert _as(moderator).post(f"/en/moderation/comments/{comment.pk}/", {"action": "approve"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert Thread.objects.get(target=f"problem:{problem.pk}").comments_count == 1
    assert "Visit" in Client().get(f"/en/problems/{problem.pk}/").content.decode()
    assert ModerationAction.objects.filter(action="approve", object_id=comment.pk).exists()


def test_first_comments_of_new_accounts_wait_when_pre_moderation_is_on(make_problem, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    newcomer = make_user("Newcomer")
    key = f"problem:{problem.pk}"
    assert services.comment_post(target_key=key, body="Hello there", author=newcomer).status == "published"
    settings.PREMODERATE_NEW_ACCOUNTS = True
    second = make_user("Second_newcomer")
    held = services.comment_post(target_key=key, body="My first words", author=second)
    assert held.status == Comment.Status.HELD and "first_comment" in held.held_for
    # Once one of their comments is published, the next ones are not held.
    moderator = make_user("Mod2")
    Moderator.objects.create(user=moderator)
    services.comment_approve(comment=held, moderator=moderator)
    assert services.comment_post(target_key=key, body="And more words", author=second).status == "published"
