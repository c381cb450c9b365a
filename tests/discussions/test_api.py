"""Comments and the moderation log through /api/v1/."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.accounts.services import api_token_create
from dauys.discussions import services
from dauys.discussions.models import Comment, Moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(author):  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=author)[1]}"}


def test_post_read_and_list_comments(client: Client, bearer, make_problem) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    target = f"problem:{problem.pk}"
    response = client.post("/api/v1/comments", {"target": target, "body": "Fix it *now*"}, "application/json", **bearer)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["target"] == target and body["status"] == "published" and body["author"] == "Author_One"
    assert body["body_html"] == "<p>Fix it <em>now</em></p>\n" and body["url"].endswith(f"/en/comments/{body['id']}/")
    reply = client.post(
        "/api/v1/comments", {"target": target, "body": "Agreed", "parent": body["id"]}, "application/json", **bearer
    ).json()
    assert reply["parent"] == body["id"]
    listed = client.get("/api/v1/comments", {"target": target, "limit": 1}).json()
    assert [c["id"] for c in listed["items"]] == [body["id"]] and listed["next"]
    assert client.get(listed["next"]).json()["items"][0]["id"] == reply["id"]
    assert client.get(f"/api/v1/comments/{reply['id']}").json()["body"] == "Agreed"


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"body": "   "}, 400, "body"),
        ({"body": "x" * 10_001}, 400, "body"),
        ({"body": "ok", "parent": 999_999}, 400, "parent"),
    ],
)
def test_bad_comments_get_precise_errors(client: Client, bearer, make_problem, payload, status, field) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    response = client.post(
        "/api/v1/comments", {"target": f"problem:{problem.pk}", **payload}, "application/json", **bearer
    )
    assert response.status_code == status
    assert field in response.json()["error"]["fields"]
    assert not Comment.objects.exists()


def test_unknown_targets_and_missing_tokens(client: Client, bearer) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/api/v1/comments", {"target": "problem:1", "body": "x"}, "application/json").status_code == 401
    response = client.post("/api/v1/comments", {"target": "problem:999999", "body": "x"}, "application/json", **bearer)
    assert response.status_code == 404 and response.json()["error"]["fields"] == {"target": ["problem:999999"]}
    assert client.get("/api/v1/comments", {"target": "nonsense"}).status_code == 404


def test_hidden_comments_and_the_log_show_no_text(client: Client, make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    comment = services.comment_post(target_key=f"problem:{problem.pk}", body="Insults", author=problem.author)
    moderator = make_user("Mod_X")
    Moderator.objects.create(user=moderator)
    services.comment_hide(comment=comment, moderator=moderator, rule="abuse")
    shown = client.get(f"/api/v1/comments/{comment.pk}").json()
    assert shown["status"] == "hidden" and shown["body"] is None and shown["hidden_rule"] == "abuse"
    [action] = client.get("/api/v1/moderation").json()["items"]
    assert action["action"] == "hide" and action["object_id"] == comment.pk and action["moderator"] == "Mod_X"
    assert client.get(f"/api/v1/moderation/{action['id']}").json() == action
    assert "Insults" not in client.get("/api/v1/moderation").content.decode()


def test_the_openapi_document_says_a_comment_may_be_refused_for_its_rate() -> None:
    from dauys.api.v1 import api

    responses = api.get_openapi_schema()["paths"]["/api/v1/comments"]["post"]["responses"]
    assert responses[429]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
