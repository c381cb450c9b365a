"""Regressions found in review: odd input, non-Latin names in the guest cookie, links hidden in Markdown, held
comments in the API, moderators and their own comments, stored pages after a removal."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from dauys.accounts.services import api_token_create
from dauys.discussions import services
from dauys.discussions.models import BlockedDomain, Comment, Moderator, RemovalAppeal
from dauys.pages import cache as pagecache

pytestmark = pytest.mark.django_db


def _as(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_cyrillic_name_is_remembered_in_an_ascii_cookie(
    make_problem, proof, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    guest = Client()
    data = {"name": "Айгүл Сәрсенова", "email": "aigul@example.org", "body": "Сәлем", "remember": "on", **proof()}
    with django_capture_on_commit_callbacks(execute=True):
        guest.post(f"/en/discussions/problem/{problem.pk}/comment/", data)
    link = re.search(r"(/en/comments/confirm/\S+/)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    response = guest.get(link)
    assert response.status_code == 200
    assert response.cookies["dauys_guest"].value.isascii()
    form = guest.get(f"/en/discussions/problem/{problem.pk}/").content.decode()
    assert 'value="Айгүл Сәрсенова"' in form


def test_odd_input_gets_a_message_not_a_crash(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client = _as(make_user("Odd"))
    url = f"/en/discussions/problem/{problem.pk}/comment/"
    assert client.post(url, {"body": "Broken link http://[x here"}).status_code == 302
    assert client.post(url, {"body": "Reply", "parent": "²"}).status_code == 400
    assert client.post(url, {"body": "Reply", "parent": "9" * 40}).status_code == 400
    assert Client().post("/en/comments/forget-me/", {"next": "https://evil.example/"}).headers["Location"] == "/"


def test_blocked_links_hidden_in_markdown_are_found(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    BlockedDomain.objects.create(domain="spam.example")
    client = _as(make_user("Sly"))
    for body in ("[cheap](https&#58;//spam.example/x)", "[cheap](//spam.example)", "<https://spam.example>"):
        response = client.post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": body})
        assert response.status_code == 400 and "spam.example" in response.content.decode(), body


def test_the_api_answers_202_for_a_held_comment_and_does_not_duplicate(make_problem, author) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=author)[1]}"}
    body = {"target": f"problem:{problem.pk}", "body": "https://a.example https://b.example https://c.example"}
    first = Client().post("/api/v1/comments", body, "application/json", **bearer)
    again = Client().post("/api/v1/comments", body, "application/json", **bearer)
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"] and first.json()["status"] == "held"
    assert Comment.objects.count() == 1
    # Comments of what is no longer public are not served either.
    shown = services.comment_post(target_key=f"problem:{problem.pk}", body="Plain words", author=author)
    assert Client().get(f"/api/v1/comments/{shown.pk}").status_code == 200
    from dauys.problems.models import Problem

    Problem.objects.filter(pk=problem.pk).update(status=Problem.Status.REMOVED)
    assert Client().get(f"/api/v1/comments/{shown.pk}").status_code == 404


def test_moderators_do_not_decide_about_their_own_comments(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    mod_a, mod_b = make_user("Mod_A"), make_user("Mod_B")
    Moderator.objects.create(user=mod_a)
    Moderator.objects.create(user=mod_b)
    held = services.comment_post(
        target_key=f"problem:{problem.pk}", body="https://a.example https://b.example https://c.example", author=mod_a
    )
    assert held.status == Comment.Status.HELD
    response = _as(mod_a).post(f"/en/moderation/comments/{held.pk}/", {"action": "approve"})
    assert response.status_code == 403
    # A restore by another moderator settles the author's pending appeal.
    writer = make_user("Writer_Z")
    comment = services.comment_post(target_key=f"problem:{problem.pk}", body="Words", author=writer)
    services.comment_hide(comment=comment, moderator=mod_a, rule="spam")
    appeal = services.removal_appeal(comment=comment, user=writer, text="It is fine")
    services.comment_restore(comment=comment, moderator=mod_b)
    appeal.refresh_from_db()
    assert appeal.outcome == RemovalAppeal.Outcome.RESTORED and appeal.decided_by == mod_b


def test_stored_pages_of_a_comment_drop_its_text_when_it_is_hidden(  # type: ignore[no-untyped-def]
    make_problem, make_user, django_capture_on_commit_callbacks
) -> None:
    problem = make_problem()
    writer, moderator = make_user("Writer_H"), make_user("Mod_H")
    Moderator.objects.create(user=moderator)
    comment = services.comment_post(target_key=f"problem:{problem.pk}", body="Soon gone", author=writer)
    for url in (f"/en/comments/{comment.pk}/history/", f"/en/problems/{problem.pk}/"):
        assert "Soon gone" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(comment=comment, moderator=moderator, rule="abuse")
    for url in (f"/en/comments/{comment.pk}/history/", f"/en/problems/{problem.pk}/"):
        assert "Soon gone" not in Client().get(url).content.decode(), url
    assert "Hid a comment" in Client().get("/en/moderation/log/").content.decode()
    pagecache.store.clear()
