"""Sign-up, confirmation, log-in, two-factor authentication, export and deletion, through real requests."""

from __future__ import annotations

import json
import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.core import mail
from django.test import Client

from dauys.accounts.models import User
from dauys.core.events import record_events

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 42"


def signup(client: Client, lang: str = "en", **overrides: str):  # type: ignore[no-untyped-def]
    data = {
        "display_name": "Aigerim_A",
        "email": "aigerim@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return client.post(f"/{lang}/accounts/signup/", data)


def confirmation_link() -> str:
    match = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).split("://", 1)[1].split("/", 1)[1]


def test_sign_up_confirm_and_log_in(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(display_name="Aigerim_A")
    assert [e.name for e in seen] == ["account.created"]
    assert user.email == "aigerim@example.org"
    assert not user.username.startswith("aigerim"), "the internal username must not leak the e-mail"
    assert not EmailAddress.objects.get(user=user).verified

    # Not confirmed yet: logging in sends the person to the "confirm your e-mail" page.
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "aigerim@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response.headers["Location"]

    link = "/" + confirmation_link()
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post("/en/accounts/login/", {"login": "aigerim@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/accounts/me/").status_code == 200


def test_public_name_must_be_unique_ignoring_case(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("Nurlan")
    response = signup(client, display_name="nurlan", email="other@example.org")
    assert response.status_code == 200
    assert "This public name is already taken." in response.content.decode()
    assert not User.objects.filter(email="other@example.org").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ab", "at least 3 characters"),
        ("me@mail.kz", "Use letters, digits"),
        ("<script>", "Use letters, digits"),
    ],
)
def test_public_name_is_validated(client: Client, name: str, message: str) -> None:
    response = signup(client, display_name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_wrong_or_expired_confirmation_link(client: Client) -> None:
    response = client.get("/en/accounts/confirm-email/not-a-key/")
    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()


def test_failed_logins_are_throttled(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user(email="target@example.org")
    for _ in range(5):
        response = client.post("/en/accounts/login/", {"login": "target@example.org", "password": "wrong password"})
        assert "not correct" in response.content.decode()
    response = client.post("/en/accounts/login/", {"login": "target@example.org", "password": "wrong password"})
    assert "Too many failed login attempts" in response.content.decode()


def test_rate_limit_cache_holds_no_ip_address(client: Client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    make_user(email="target@example.org")
    seen: list[str] = []
    original = cache.set

    def spy(key, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(key)
        return original(key, *args, **kwargs)

    with mock.patch.object(cache, "set", spy):
        client.post(
            "/en/accounts/login/",
            {"login": "target@example.org", "password": "wrong"},
            REMOTE_ADDR="203.0.113.77",
        )
    assert seen, "the login attempt was not rate-limited at all"
    assert not any("203.0.113.77" in key for key in seen)


def test_totp_two_factor(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(email="guarded@example.org", password=PASSWORD)
    client.post("/en/accounts/login/", {"login": "guarded@example.org", "password": PASSWORD})
    # Changing two-factor settings asks for the password again, even right after logging in.
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and "/reauthenticate/" in response.headers["Location"]
    response = client.post(response.headers["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = response.context["form"].secret
    now = int(time.time())
    code = totp.format_hotp_value(totp.hotp_value(secret, now // 30))
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": "000000" if code != "000000" else "111111"})
    assert "Incorrect code." in response.content.decode()
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()

    client.logout()
    response = client.post("/en/accounts/login/", {"login": "guarded@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate/" in response.headers["Location"]
    response = client.post("/ru/accounts/2fa/authenticate/", {"code": "123456" if code != "123456" else "654321"})
    assert "Неверный код." in response.content.decode()
    later = now + 60  # a fresh time step: a code is accepted only once
    with mock.patch.object(totp.time, "time", return_value=later):
        fresh = totp.format_hotp_value(totp.hotp_value(secret, later // 30))
        response = client.post("/en/accounts/2fa/authenticate/", {"code": fresh})
    assert response.status_code == 302
    assert client.get("/en/accounts/me/").status_code == 200


def test_personal_data_export(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Dana_K", email="dana@example.org")
    client.force_login(user)
    response = client.get("/en/accounts/me/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="dauys-personal-data.json"'
    data = json.loads(response.content)
    assert data["account"]["public_name"] == "Dana_K"
    assert data["email_addresses"] == [{"email": "dana@example.org", "verified": True, "primary": True}]
    assert data["representative_roles"] == []


def test_export_needs_login(client: Client) -> None:
    response = client.get("/en/accounts/me/export.json")
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_delete_account_with_wrong_password_keeps_everything(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Kept", email="kept@example.org")
    client.force_login(user)
    response = client.post("/en/accounts/me/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.email == "kept@example.org" and user.deleted_at is None


def test_delete_account(client: Client, make_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.models import Authority, Representative

    user = make_user("Leaving", email="leaving@example.org", password=PASSWORD)
    Representative.objects.create(user=user, authority=Authority.objects.first(), verified=True)
    client.force_login(user)
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert [e.name for e in seen] == ["account.deleted"]
    user.refresh_from_db()
    assert user.is_deleted and not user.is_active and user.email == "" and not user.has_usable_password()
    assert user.public_name == "deleted user"
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Representative.objects.filter(user=user).exists()
    # The session is gone and the account cannot log in again.
    assert client.get("/en/accounts/me/").status_code == 302
    response = client.post("/en/accounts/login/", {"login": "leaving@example.org", "password": PASSWORD})
    assert response.status_code == 200
    # The name is free for someone else.
    assert signup(Client(), display_name="Leaving", email="new@example.org").status_code == 302


def test_change_public_name(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("Taken")
    user = make_user("Old")
    client.force_login(user)
    response = client.post("/en/accounts/me/name/", {"display_name": "taken"})
    assert response.status_code == 400
    assert "already taken" in response.content.decode()
    response = client.post("/en/accounts/me/name/", {"display_name": "New  Name"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "New Name"


def test_password_reset(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user(email="forgetful@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    link = re.search(r"http://[^\s]+(/en/accounts/password/reset/key/[^\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(form_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"})
    assert response.status_code == 302
    response = Client().post(
        "/en/accounts/login/", {"login": "forgetful@example.org", "password": "a brand new passphrase"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/en/accounts/me/"


def test_password_reset_does_not_reveal_whether_an_account_exists(client: Client) -> None:
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert "nobody@example.org" in mail.outbox[-1].to  # allauth tells the address owner, not the visitor
