"""Errors answered around the views are in the format of the endpoint addressed (core.errors, core.middleware):
a page's HTML, the API's JSON, Open311's JSON or XML, the ledger's JSON; text no database stores is refused at the
door."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from dauys.core.errors import unstorable

pytestmark = pytest.mark.django_db


def _api_error(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)["error"]


def test_unknown_addresses_are_answered_in_their_endpoints_format() -> None:
    client = Client()
    page = client.get("/en/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    assert _api_error(client.get("/api/v1/no-such-thing"))["code"] == "not_found"
    assert _api_error(client.get("/ledger/no-such-thing"))["code"] == "not_found"
    xml = client.get("/open311/v2/no-such-thing.xml")
    assert xml.status_code == 404 and xml["Content-Type"].startswith("text/xml") and b"<code>404</code>" in xml.content
    assert json.loads(client.get("/open311/v2/no-such-thing.json").content)[0]["code"] == 404


def test_a_method_an_endpoint_does_not_take_is_a_405_in_its_format() -> None:
    client = Client()
    api = client.delete("/api/v1/problems")
    assert api.status_code == 405 and _api_error(api)["code"] == "method_not_allowed" and "GET" in api["Allow"]
    ledger = client.post("/ledger/checkpoint")
    assert ledger.status_code == 405 and "GET" in _api_error(ledger)["message"] and ledger["Allow"] == "GET"
    page = Client().delete("/en/problems/")
    assert page.status_code == 405 and not page["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("address", ["/en/problems/?q=pot%00hole", "/en/problems%00/", "/en/places/?x%00=1"])
def test_a_nul_character_in_the_address_is_refused_at_the_door(address: str) -> None:
    response = Client().get(address)
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def test_a_nul_character_is_refused_in_the_api_and_in_forms(make_user) -> None:  # type: ignore[no-untyped-def]
    assert _api_error(Client().get("/api/v1/problems?q=a%00b"))["code"] == "bad_request"
    client = Client()
    client.force_login(make_user("Writer"))
    response = client.post("/en/accounts/me/tokens/", {"name": "my\x00phone"})
    assert response.status_code == 400
    from dauys.accounts.models import ApiToken

    assert not ApiToken.objects.exists()


def test_a_body_over_the_limit_is_the_apis_json_error(settings, make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.accounts.services import api_token_create

    _token, secret = api_token_create(user=make_user("Writer"))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    oversize = "{" + '"title": "' + "x" * 5000 + '"}'
    response = Client().post(
        "/api/v1/problems", oversize, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 400 and _api_error(response)["code"] == "bad_request"
    response = Client().post("/open311/v2/requests.json", {"description": "x" * 5000})
    assert response.status_code == 400 and json.loads(response.content)[0]["code"] == 400


def test_text_no_database_stores() -> None:
    assert unstorable("a\x00b") and unstorable("half a pair: \ud83d") and unstorable("\udc00")
    assert not unstorable("Қазақ тілі — 😀, 𝔸") and not unstorable("")
