"""An account holder makes and revokes their own API tokens in their settings."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dauys.accounts import services
from dauys.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_token_is_shown_once_works_and_stops_working_when_revoked(  # type: ignore[no-untyped-def]
    make_user, django_capture_on_commit_callbacks
) -> None:
    user = make_user("Token Maker")
    client = signed_in(user)
    page = client.post("/en/accounts/me/tokens/", {"name": "my phone"})
    assert page.status_code == 200
    secret = re.search(r'<code class="token-secret">(dauys_[\w-]+)</code>', page.content.decode())
    assert secret is not None
    token = ApiToken.objects.get(user=user)
    assert token.name == "my phone" and secret.group(1) not in token.digest  # only a fingerprint is kept
    assert secret.group(1) not in client.get("/en/accounts/me/tokens/").content.decode()  # shown once

    api = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret.group(1)}"}
    assert api.put("/api/v1/problems/999999/follow", **headers).status_code == 404  # authenticated: no such problem
    with django_capture_on_commit_callbacks(execute=True):
        revoked = client.post("/en/accounts/me/tokens/", {"revoke": str(token.pk)})
    assert revoked.status_code == 302 and not ApiToken.objects.filter(pk=token.pk).exists()
    assert api.put("/api/v1/problems/999999/follow", **headers).status_code == 401  # this process forgot it at once


def test_nobody_revokes_someone_else_s_token(make_user) -> None:  # type: ignore[no-untyped-def]
    owner, other = make_user("Owner"), make_user("Other")
    token, _secret = services.api_token_create(user=owner, name="newsletter-bot")
    page = signed_in(other).post("/en/accounts/me/tokens/", {"revoke": str(token.pk)})
    assert page.status_code == 400 and "There is no such token of yours." in page.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert "newsletter-bot" not in signed_in(other).get("/en/accounts/me/tokens/").content.decode()


def test_a_token_needs_a_name_and_an_account_has_at_most_twenty(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Many Tokens")
    client = signed_in(user)
    assert client.post("/en/accounts/me/tokens/", {"name": "  "}).status_code == 400
    for i in range(services.MAX_TOKENS):
        services.api_token_create(user=user, name=f"t{i}")
    page = client.post("/ru/accounts/me/tokens/", {"name": "one more"})
    assert page.status_code == 400 and "отзовите" in page.content.decode()
    assert ApiToken.objects.filter(user=user).count() == services.MAX_TOKENS


def test_the_page_is_for_the_signed_in_only(client: Client) -> None:
    response = client.get("/en/accounts/me/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
