"""Site-wide behaviour: language prefixes, error pages, security headers, the health check."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_root_redirects_by_the_browsers_language(client: Client) -> None:
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").headers["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="kk").headers["Location"] == "/kk/"
    # A language Dauys does not speak falls back to Kazakh, the state language.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").headers["Location"] == "/kk/"


@pytest.mark.parametrize(
    ("lang", "title"), [("kk", "Бет табылмады"), ("ru", "Страница не найдена"), ("en", "Page not found")]
)
def test_404_is_translated(client: Client, lang: str, title: str) -> None:
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_unknown_language_prefix_is_404(client: Client) -> None:
    assert client.get("/de/").status_code == 404
    assert client.get("/xx/places/").status_code == 404


@pytest.mark.parametrize("path", ["/en/", "/kk/places/", "/healthz", "/en/accounts/login/"])
def test_security_headers_on_every_response(client: Client, path: str) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]  # "use my location" on the filing form
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain http here


def test_hsts_when_served_over_https(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/en/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_onion_location_when_configured(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ONION_URL = "http://dauysexample.onion"
    assert client.get("/en/places/").headers["Onion-Location"] == "http://dauysexample.onion/en/places/"


def test_healthz_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_503_when_the_database_does_not_answer(client: Client) -> None:
    from django.db.utils import OperationalError

    with mock.patch("dauys.web.views.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_csrf_is_enforced_and_the_failure_page_is_translated(make_user) -> None:  # type: ignore[no-untyped-def]
    make_user(email="someone@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ru/accounts/login/", {"login": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Срок действия формы истёк" in response.content.decode()


def test_server_error_page_is_translated(client: Client) -> None:
    from django.test import RequestFactory
    from django.utils import translation

    from dauys.web.views import server_error

    with translation.override("kk"):
        response = server_error(RequestFactory().get("/kk/"))
    assert response.status_code == 500
    assert "Сервер қатесі" in response.content.decode()


def test_method_not_allowed_on_read_only_pages(client: Client) -> None:
    assert client.post("/en/places/").status_code == 405


def test_bad_request_page_is_translated(client: Client) -> None:
    response = client.get("/ru/places/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "<h1>Некорректный запрос</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "size"), [("", 2), ("?kb=16", 16 * 1024), ("?kb=64", 64 * 1024), ("?kb=65", 2), ("?kb=x", 2)]
)
def test_the_benchmarks_floor_answers_a_body_of_the_size_asked_up_to_64_kb(client, query: str, size: int) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/-/floor{query}")
    assert response.status_code == 200 and len(response.content) == size
