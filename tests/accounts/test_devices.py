"""Device cookies (accounts.devices): a stranger's wrong passwords cannot lock the owner out of the browser they
signed in with before, and guessing is still throttled in every browser. Nothing in the cookie names the person."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.accounts import devices

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _login(client: Client, password: str) -> str:
    response = client.post("/en/accounts/login/", {"login": "owner@example.org", "password": password})
    return "in" if response.status_code == 302 else response.content.decode()


def test_a_stranger_cannot_lock_the_owner_out_of_a_known_browser(make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("Owner", email="owner@example.org", password=PASSWORD)
    owners = Client()
    assert _login(owners, PASSWORD) == "in"
    cookie = owners.cookies[devices.COOKIE]
    assert cookie["httponly"] and "owner" not in cookie.value and "example.org" not in cookie.value
    owners.post("/en/accounts/logout/")

    stranger = Client()
    for _ in range(5):
        assert "not correct" in _login(stranger, "guess")
    assert "Too many failed login attempts" in _login(stranger, PASSWORD)  # even the right one, from there
    assert "Too many failed login attempts" in _login(Client(), PASSWORD)  # any browser the account does not know

    assert _login(owners, PASSWORD) == "in"  # the owner's own browser still signs in


def test_guessing_from_a_known_browser_is_throttled_too(make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("Owner", email="owner@example.org", password=PASSWORD)
    known = Client()
    assert _login(known, PASSWORD) == "in"
    known.post("/en/accounts/logout/")
    for _ in range(5):
        assert "not correct" in _login(known, "guess")
    assert "Too many failed login attempts" in _login(known, PASSWORD)
    assert _login(Client(), PASSWORD) == "in"  # the count of that browser is its own


def test_a_forged_or_foreign_cookie_counts_as_none(make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("Owner", email="owner@example.org", password=PASSWORD)
    make_user("Other", email="other@example.org", password=PASSWORD)
    other = Client()
    other.post("/en/accounts/login/", {"login": "other@example.org", "password": PASSWORD})
    forged = Client()
    forged.cookies[devices.COOKIE] = "forged-value"
    for client in (other, forged):  # a cookie for another account, and a forged one
        client.post("/en/accounts/logout/")
    for _ in range(5):
        _login(Client(), "guess")
    assert "Too many failed login attempts" in _login(other, PASSWORD)
    assert "Too many failed login attempts" in _login(forged, PASSWORD)
