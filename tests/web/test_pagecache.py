"""Public pages are stored for anonymous visitors and dropped as soon as anything changes."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.authorities.models import Authority, Representative
from dauys.web import pagecache

pytestmark = pytest.mark.django_db

URL = "/en/authorities/akimat-astana/"


@pytest.fixture(autouse=True)
def page_cache(settings):  # type: ignore[no-untyped-def]
    settings.PAGE_CACHE_SECONDS = 60
    pagecache.store.clear()
    yield
    pagecache.store.clear()


def test_second_anonymous_view_is_served_without_a_query(client: Client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert second.headers["Content-Language"] == "en"
    assert "Content-Security-Policy" in second.headers


def test_a_domain_event_drops_stored_pages(client: Client, make_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from dauys.accounts.services import display_name_change

    user = make_user("Before_Name")
    Representative.objects.create(user=user, authority=Authority.objects.get(slug="akimat-astana"), verified=True)
    assert "Before_Name" in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        display_name_change(user=user, display_name="After_Name")
    html = client.get(URL).content.decode()
    assert "After_Name" in html and "Before_Name" not in html


def test_signed_in_people_always_get_a_fresh_page(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.get(URL)  # stored for anonymous visitors
    client.force_login(make_user("Reader"))
    html = client.get(URL).content.decode()
    assert "My account" in html


def test_pages_with_a_form_token_or_cookies_are_not_stored(client: Client) -> None:
    client.get("/en/accounts/login/")
    client.cookies["messages"] = "x"
    client.get("/en/places/")
    assert not any("/accounts/" in key or "/places/" in key for key in pagecache.store.entries)


def test_errors_are_not_stored(client: Client) -> None:
    client.get("/en/places/atlantis/")
    assert pagecache.store.entries == {}
