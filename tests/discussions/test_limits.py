"""Rate limits on comments and flags: 429 with Retry-After, the text kept, nothing about the client stored."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from dauys.accounts.services import api_token_create
from dauys.discussions import limits
from dauys.discussions.models import Comment

pytestmark = pytest.mark.django_db


def test_an_account_commenting_too_fast_is_told_to_wait_and_keeps_its_text(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    client = Client()
    client.force_login(make_user("Fast"))
    allowed = limits.ACCOUNT_COMMENTS[0].count
    for i in range(allowed):
        assert client.post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": f"Note {i}"}).status_code == 302
    response = client.post(f"/en/discussions/problem/{problem.pk}/comment/", {"body": "One too many"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    html = response.content.decode()
    assert "Too many in a short time. Please try again in" in html and "One too many</textarea>" in html
    assert Comment.objects.count() == allowed


def test_guests_from_one_address_are_limited(make_problem, proof) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    allowed = limits.GUEST_COMMENTS[0].count
    for i in range(allowed):
        data = {"name": f"G{i}", "email": f"g{i}@example.org", "body": f"Guest note {i}", **proof()}
        assert Client().post(f"/en/discussions/problem/{problem.pk}/comment/", data).status_code == 200
    data = {"name": "G", "email": "g@example.org", "body": "Blocked", **proof()}
    response = Client().post(f"/en/discussions/problem/{problem.pk}/comment/", data)
    assert response.status_code == 429 and int(response["Retry-After"]) <= 600
    assert not Comment.objects.filter(body="Blocked").exists()


def test_the_api_answers_429_with_retry_after(make_problem, author) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=author)[1]}"}
    statuses = [
        Client()
        .post("/api/v1/comments", {"target": f"problem:{problem.pk}", "body": f"n{i}"}, "application/json", **bearer)
        .status_code
        for i in range(limits.ACCOUNT_COMMENTS[0].count + 1)
    ]
    assert statuses[:-1] == [201] * limits.ACCOUNT_COMMENTS[0].count
    response = Client().post(
        "/api/v1/comments", {"target": f"problem:{problem.pk}", "body": "again"}, "application/json", **bearer
    )
    assert response.status_code == 429 and response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


def _counter_keys() -> list[str]:
    from django.conf import settings

    if settings.REDIS_URL:
        import redis

        return [k.decode() for k in redis.Redis.from_url(settings.REDIS_URL).keys("*")]
    return list(caches["ratelimit"]._cache)  # type: ignore[attr-defined]  # local memory (the embedded default)


def test_counters_hold_no_address_and_never_reach_the_database(make_problem, proof) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    Client(REMOTE_ADDR="203.0.113.77").post(
        f"/en/discussions/problem/{problem.pk}/comment/",
        {"name": "A", "email": "a@example.org", "body": "Hi", **proof()},
    )
    keys = _counter_keys()
    assert any("comment:guest" in k for k in keys)
    assert not any("203.0.113.77" in k for k in keys)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM dauys_cache")
            assert not any("comment" in row[0] for row in cursor.fetchall())


def test_behind_a_proxy_each_client_has_its_own_limit_and_cannot_forge_one(make_problem, proof, settings) -> None:  # type: ignore[no-untyped-def]
    """Behind nginx every request comes from 127.0.0.1: without X-Forwarded-For the whole world would share one
    guest limit; with it, a client cannot pick its own bucket by sending the header itself."""
    settings.BEHIND_PROXY = True
    problem = make_problem()
    allowed = limits.GUEST_COMMENTS[0].count

    def post(forwarded: str, i: int) -> int:
        data = {"name": f"G{i}", "email": f"g{i}@example.org", "body": f"Guest {forwarded} {i}", **proof()}
        url = f"/en/discussions/problem/{problem.pk}/comment/"
        return Client(HTTP_X_FORWARDED_FOR=forwarded).post(url, data).status_code

    assert [post("203.0.113.7", i) for i in range(allowed)] == [200] * allowed
    assert post("203.0.113.7", 99) == 429
    # What a client writes itself stands left of the address the proxy appended: it does not change the bucket.
    assert post("198.51.100.1, 203.0.113.7", 100) == 429
    # Another client behind the same proxy is not affected.
    assert post("203.0.113.8", 101) == 200
    # A request that did not come through a trusted proxy is judged by its own address, whatever it claims.
    settings.TRUSTED_PROXIES = frozenset({"192.0.2.1"})
    statuses = [post(f"203.0.113.{20 + i}", 200 + i) for i in range(allowed + 1)]
    assert statuses == [200] * allowed + [429]
