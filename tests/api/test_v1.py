"""The REST API: DESIGN section 6 shapes, token auth, cursor pagination, one error format."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from dauys.accounts.services import api_token_create
from dauys.problems.models import Problem, Support

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(author):  # type: ignore[no-untyped-def]
    _token, secret = api_token_create(user=author)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_problem_shape(client: Client, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    appeal = recorded_appeal(date.today() - timedelta(days=2))
    body = client.get(f"/api/v1/problems/{appeal.problem_id}").json()
    assert set(body) >= {"id", "url", "title", "status", "category", "place", "supports_count", "created_at", "appeals"}
    assert body["place"] == "astana-yesil" and body["category"] == "roads"
    [a] = body["appeals"]
    assert a["kind"] == "appeal" and a["authority"] == "akimat-astana-yesil" and a["status"] == "sent"
    assert a["registered_on"] == appeal.registered_on.isoformat()
    assert a["deadline"] == appeal.deadline.isoformat()
    assert a["extended_until"] is None and a["answered_on"] is None and a["answer_kind"] is None


def test_region_is_given_by_iso_code(client: Client, make_problem) -> None:  # type: ignore[no-untyped-def]
    from dauys.places.models import Place

    problem = make_problem(place=Place.objects.get(code="KZ-10"))
    assert client.get(f"/api/v1/problems/{problem.pk}").json()["place"] == "KZ-10"


def test_cursor_pagination_walks_every_item_once(client: Client, make_problem) -> None:  # type: ignore[no-untyped-def]
    made = {make_problem(title=f"Problem number {i}").pk for i in range(7)}
    seen: list[int] = []
    url = "/api/v1/problems?limit=3"
    while url:
        body = client.get(url).json()
        seen += [p["id"] for p in body["items"]]
        url = body["next"].replace("http://testserver", "") if body["next"] else None
    assert seen == sorted(made, reverse=True)


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("limit=1000", 400, "limit"),
        ("cursor=%%%", 400, None),
        ("status=draft", 400, "status"),
        ("place=atlantis", 400, "place"),
        ("limit=abc", 422, "limit"),
    ],
)
def test_bad_queries_get_one_error_format(client: Client, query: str, status: int, field: str | None) -> None:
    response = client.get(f"/api/v1/problems?{query}")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] and error["message"]
    if field:
        assert field in error["fields"]


def test_unknown_problem_is_404_json(client: Client) -> None:
    response = client.get("/api/v1/problems/424242")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_writes_need_a_token(client: Client) -> None:
    response = client.post("/api/v1/problems", {}, content_type="application/json")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    response = client.post("/api/v1/problems", {}, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_file_a_problem_then_address_it_and_answer(client: Client, bearer) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "title": "Broken swing on the playground",
        "body": "The swing chain is broken since Monday.",
        "category": "other",
        "place": "KZ-71",
        "submission_key": "api-1",
    }
    response = client.post("/api/v1/problems", payload, content_type="application/json", **bearer)
    assert response.status_code == 201, response.content
    problem = response.json()
    assert problem["status"] == "open" and problem["place"] == "KZ-71"
    again = client.post("/api/v1/problems", payload, content_type="application/json", **bearer)
    assert again.json()["id"] == problem["id"] and Problem.objects.count() == 1

    registered = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/api/v1/problems/{problem['id']}/appeals",
        {"authority": "akimat-astana", "registration_number": "ЖТ-77", "registered_on": registered},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 201, response.content
    appeal = response.json()["appeals"][0]
    response = client.post(
        f"/api/v1/appeals/{appeal['id']}/answers",
        {"kind": "promise", "text": "Next week", "received_on": date.today().isoformat()},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 400
    assert "promise_due_on" in response.json()["error"]["fields"]
    response = client.post(
        f"/api/v1/appeals/{appeal['id']}/answers",
        {
            "kind": "promise",
            "text": "Next week",
            "received_on": date.today().isoformat(),
            "promise_due_on": (date.today() + timedelta(days=7)).isoformat(),
        },
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 201
    body = client.get(f"/api/v1/problems/{problem['id']}").json()
    assert body["appeals"][0]["answer_kind"] == "promise" and body["appeals"][0]["status"] == "answered"


def test_bad_problem_input_is_a_400_with_field_errors(client: Client, bearer) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/problems",
        {"title": "abc", "body": "x", "category": "roads", "place": "KZ-71"},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"title", "body"}
    assert Problem.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('"title": "Potholes \\u0000 on the road"', "title"),
        ('"title": "Potholes on the road", "body": "Half a pair \\ud800 of a surrogate."', "body"),
    ],
)
def test_text_no_database_stores_is_a_400_naming_its_field(client: Client, bearer, raw: str, field: str) -> None:  # type: ignore[no-untyped-def]
    body = '{"category": "roads", "place": "KZ-71", "body": "Deep potholes near the crossing.", ' + raw + "}"
    response = client.post("/api/v1/problems", body, content_type="application/json", **bearer)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {field: [response.json()["error"]["message"]]}
    assert "NUL" in response.json()["error"]["message"] and Problem.objects.count() == 0


def test_support_through_the_api(client: Client, make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    _t, secret = api_token_create(user=make_user("Api_Fan"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.put(f"/api/v1/problems/{problem.pk}/support", **auth).json() == {
        "supported": True,
        "supports_count": 1,
    }
    assert client.put(f"/api/v1/problems/{problem.pk}/support", **auth).json()["supports_count"] == 1
    assert client.delete(f"/api/v1/problems/{problem.pk}/support", **auth).json()["supports_count"] == 0
    assert Support.objects.count() == 0


def test_support_of_a_missing_draft_or_closed_problem(client: Client, make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    _t, secret = api_token_create(user=make_user("Api_Fan"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    draft = make_problem(publish=False)
    closed = make_problem()
    Problem.objects.filter(pk=closed.pk).update(status=Problem.Status.RESOLVED)
    missing = client.put("/api/v1/problems/999999/support", **auth)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.put(f"/api/v1/problems/{draft.pk}/support", **auth).status_code == 404  # drafts are private
    refused = client.put(f"/api/v1/problems/{closed.pk}/support", HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert refused.status_code in (400, 409, 422)
    assert refused.json()["error"]["message"] == "Only an open problem can be supported."
    assert Support.objects.count() == 0


def test_places_and_authorities(client: Client) -> None:
    body = client.get("/api/v1/places?limit=100").json()
    # The country, 20 regions and cities of republican significance, their 19 districts, 39 cities of regional one.
    assert len(body["items"]) == 79 and body["next"] is None
    assert next(p for p in body["items"] if p["slug"] == "karaganda")["kind"] == "town"
    astana = next(p for p in body["items"] if p["iso_code"] == "KZ-71")
    assert astana["name"]["kk"] == "Астана"
    body = client.get("/api/v1/authorities?kind=akimat&limit=5").json()
    assert len(body["items"]) == 5 and body["next"]
    assert client.get("/api/v1/authorities/akimat-astana").json()["answer_working_days"] == 15


def test_openapi_document_and_self_hosted_docs(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/problems", "/api/v1/problems/{problem_id}", "/api/v1/places", "/api/v1/authorities"} <= set(
        spec["paths"]
    )
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs and "/static/ninja/" in docs


def test_a_deleted_accounts_token_stops_working(
    client: Client, author, bearer, make_problem, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from dauys.accounts.services import account_delete

    problem = make_problem()
    assert client.put(f"/api/v1/problems/{problem.pk}/support", **bearer).status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=author)
    assert client.delete(f"/api/v1/problems/{problem.pk}/support", **bearer).status_code == 401


def test_the_api_ignores_sessions(client: Client, make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    # Only tokens authenticate API calls: a browser's session cookie must not (no CSRF exposure), and the
    # session machinery does not even run for /api/.
    problem = make_problem()
    client.force_login(make_user("Signed_In"))
    response = client.put(f"/api/v1/problems/{problem.pk}/support")
    assert response.status_code == 401
    assert "sessionid" not in response.cookies and "Cookie" not in response.get("Vary", "")
    assert client.get(f"/api/v1/problems/{problem.pk}").status_code == 200
    assert Support.objects.count() == 0


def test_a_problems_timeline(client: Client, recorded_appeal, make_problem) -> None:  # type: ignore[no-untyped-def]
    from dauys.problems import services

    appeal = recorded_appeal(date.today() - timedelta(days=2))
    problem = appeal.problem
    services.answer_record(
        appeal=appeal,
        actor=problem.author,
        kind="promise",
        text="By May.",
        received_on=date.today(),
        promise_due_on=date.today() + timedelta(days=30),
    )
    body = client.get(f"/api/v1/problems/{problem.pk}/timeline").json()
    kinds = [e["kind"] for e in body["items"]]
    assert kinds[-2:] == ["appeal:recorded", "answer:promise"] and "published" in kinds and body["next"] is None
    recorded = body["items"][-2]
    assert recorded["appeal"] == appeal.pk and recorded["authority"] == "akimat-astana-yesil"
    assert recorded["actor"] == problem.author.public_name
    assert body["items"][-1]["answer"] is not None

    # An author who hides their name is not named here either; pages of the timeline walk it once.
    problem.hide_author = True
    problem.save()
    services.problem_set_status(problem=problem, actor=problem.author, status="resolved", reason="Fixed")
    first = client.get(f"/api/v1/problems/{problem.pk}/timeline?limit=2").json()
    rest = client.get(first["next"]).json()
    events = first["items"] + rest["items"]
    assert [e["kind"] for e in events] == [*kinds, "status:resolved"]
    assert events[-1]["actor"] is None and events[-1]["data"]["reason"] == "Fixed"

    draft = make_problem(publish=False, title="Not yet")
    assert client.get(f"/api/v1/problems/{draft.pk}/timeline").status_code == 404
    assert client.get("/api/v1/problems/999999/timeline").status_code == 404


def test_a_token_is_found_with_its_account_and_marked_used_once_a_day(client: Client, author, make_problem) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from dauys.accounts.models import ApiToken
    from dauys.api import auth

    token, secret = api_token_create(user=author)
    assert token.last_used_on is None
    user = auth.user_for_token(secret)
    assert user is not None and user.pk == author.pk and user.display_name == author.display_name
    assert user.date_joined == author.date_joined  # typed values, not the database's raw text
    token.refresh_from_db()
    assert token.last_used_on == timezone.localdate()
    ApiToken.objects.filter(pk=token.pk).update(last_used_on=timezone.localdate() - timedelta(days=3))
    auth._cache.clear()
    assert auth.user_for_token(secret).pk == author.pk  # type: ignore[union-attr]
    token.refresh_from_db()
    assert token.last_used_on == timezone.localdate()
    assert auth.user_for_token("not-a-token") is None
    author.is_active = False
    author.save()
    auth._cache.clear()
    assert auth.user_for_token(secret) is None


def test_the_openapi_document_is_the_published_one() -> None:
    """Each app mounts its own router (``api.routers``); together they publish the same document, operation ids
    included. A change of the API changes tests/data/openapi-v1.json in the same commit, on purpose."""
    import json
    from http import HTTPStatus
    from pathlib import Path

    from dauys.api.v1 import api

    def phrases_of_this_python(document: dict[str, Any]) -> dict[str, Any]:
        # A response's description is its status's phrase, which Python words differently from one version to the
        # next (422: "Unprocessable Entity" until 3.12, "Unprocessable Content" since 3.13).
        for operations in document["paths"].values():
            for operation in operations.values():
                for code, response in operation["responses"].items():
                    response["description"] = HTTPStatus(int(code)).phrase
        return document

    published = json.loads((Path(__file__).parents[1] / "data" / "openapi-v1.json").read_text())
    served = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    assert phrases_of_this_python(served) == phrases_of_this_python(published)
