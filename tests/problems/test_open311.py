"""Open311 GeoReport v2: a client written for FixMyStreet-style servers works unchanged, over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from dauys.accounts.services import api_token_create
from dauys.problems.models import Problem

pytestmark = pytest.mark.django_db(transaction=True)


def call(url: str, data: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    """What an Open311 client does: a GET, or a form-encoded POST; the status, body and content type."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers["Content-Type"]


def test_an_open311_client_discovers_lists_posts_and_follows_a_request(live_server, make_user) -> None:  # type: ignore[no-untyped-def]
    base = f"{live_server.url}/open311/v2"
    user = make_user("Open311 client")
    _token, key = api_token_create(user=user)

    status, body, kind = call(f"{base}/discovery.xml")
    assert status == 200 and kind.startswith("text/xml")
    endpoint = ET.fromstring(body).find("endpoints/endpoint")
    assert endpoint is not None and endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]

    status, body, _ = call(f"{base}/services.xml?jurisdiction_id=dauys.kz")
    services = ET.fromstring(body).findall("service")
    codes = [s.findtext("service_code") for s in services]
    assert status == 200 and "roads" in codes
    assert {s.findtext("metadata") for s in services} == {"false"} and {s.findtext("type") for s in services} == {
        "realtime"
    }
    assert json.loads(call(f"{base}/services/roads.json")[1]) == {"service_code": "roads", "attributes": []}

    # A FixMyStreet-style POST: form fields, including the ones we do not use (email, names, device).
    status, body, _ = call(
        f"{base}/requests.xml",
        {
            "api_key": key,
            "jurisdiction_id": "dauys.kz",
            "service_code": "roads",
            "lat": "51.128",
            "long": "71.430",
            "description": "Deep pothole at the Kabanbay Batyr crossing\nCars hit it every morning.",
            "email": "someone@example.org",
            "first_name": "Aigerim",
            "last_name": "S",
            "device_id": "x",
        },
    )
    assert status == 201, body
    request_id = ET.fromstring(body).findtext("request/service_request_id")
    assert request_id and request_id.isdigit()
    problem = Problem.objects.get(pk=int(request_id))
    assert (
        problem.status == "open"
        and problem.author == user
        and problem.title == "Deep pothole at the Kabanbay Batyr crossing"
    )
    assert problem.place.slug == "astana-yesil"  # the district whose outline holds the point, as the pin finds it
    assert b"someone@example.org" not in call(f"{base}/requests/{request_id}.json")[1]  # the e-mail is not published

    status, body, _ = call(f"{base}/requests/{request_id}.xml")
    request = ET.fromstring(body).find("request")
    assert status == 200 and request is not None
    for field in (
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "lat",
        "long",
        "media_url",
    ):
        assert request.find(field) is not None, field
    assert request.findtext("status") == "open" and request.findtext("lat") == "51.128"

    listed = json.loads(call(f"{base}/requests.json?status=open&service_code=roads")[1])
    assert [r["service_request_id"] for r in listed] == [request_id]
    assert json.loads(call(f"{base}/requests.json?status=closed")[1]) == []
    by_id = json.loads(call(f"{base}/requests.json?service_request_id={request_id},999999")[1])
    assert [r["service_request_id"] for r in by_id] == [request_id]
    old = json.loads(call(f"{base}/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z")[1])
    assert old == []


@pytest.mark.parametrize(
    ("method", "path", "data", "status", "words"),
    [
        (
            "post",
            "requests.json",
            {"service_code": "roads", "lat": "51.1", "long": "71.4", "description": "x"},
            403,
            "api_key",
        ),
        ("post", "requests.json", {"api_key": "wrong", "service_code": "roads"}, 403, "api_key"),
        (
            "post",
            "requests.json",
            {"api_key": "KEY", "lat": "51.1", "long": "71.4", "description": "x"},
            400,
            "service_code",
        ),
        (
            "post",
            "requests.json",
            {"api_key": "KEY", "service_code": "unicorns", "lat": "51.1", "long": "71.4"},
            404,
            "unicorns",
        ),
        ("post", "requests.json", {"api_key": "KEY", "service_code": "roads", "description": "x"}, 400, "location"),
        (
            "post",
            "requests.json",
            {"api_key": "KEY", "service_code": "roads", "lat": "48.85", "long": "2.35", "description": "x"},
            400,
            "outside Kazakhstan",
        ),
        (  # Bishkek: within Kazakhstan's bounding box, outside its borders
            "post",
            "requests.json",
            {"api_key": "KEY", "service_code": "roads", "lat": "42.87", "long": "74.59", "description": "x"},
            400,
            "outside Kazakhstan",
        ),
        (
            "post",
            "requests.json",
            {"api_key": "KEY", "service_code": "roads", "lat": "north", "long": "71", "description": "x"},
            400,
            "decimal degrees",
        ),
        (
            "post",
            "requests.json",
            {"api_key": "KEY", "service_code": "roads", "address_string": "Astana"},
            400,
            "description",
        ),
        ("get", "requests.json?start_date=yesterday", None, 400, "W3C"),
        ("get", "requests.json?status=pending", None, 400, "open, closed"),
        ("get", "requests.json?service_request_id=1,x", None, 400, "commas"),
        ("get", "requests.json?service_code=unicorns", None, 400, "unicorns"),
        ("get", "requests/424242.json", None, 404, "424242"),
        ("get", "services/unicorns.json", None, 404, "unicorns"),
        ("delete", "requests.json", None, 405, "GET"),
    ],
)
def test_errors_are_the_specification_s_list_with_the_right_status(  # type: ignore[no-untyped-def]
    make_user, method: str, path: str, data: dict[str, str] | None, status: int, words: str
) -> None:
    _token, key = api_token_create(user=make_user("Client"))
    if data:
        data = {k: key if v == "KEY" else v for k, v in data.items()}
    client = Client()
    response = (
        getattr(client, method)(f"/open311/v2/{path}", data=data)
        if data
        else getattr(client, method)(f"/open311/v2/{path}")
    )
    assert response.status_code == status
    errors = response.json()
    assert errors[0]["code"] == status and words in errors[0]["description"]
    xml = (
        getattr(client, method)(f"/open311/v2/{path.replace('.json', '.xml')}", data=data)
        if data
        else getattr(client, method)(f"/open311/v2/{path.replace('.json', '.xml')}")
    )
    error = ET.fromstring(xml.content).find("error")
    assert xml.status_code == status and error is not None and error.findtext("code") == str(status)


def test_an_address_string_names_the_place(make_user) -> None:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=make_user("Client"))
    response = Client().post(
        "/open311/v2/requests.json",
        {"api_key": key, "service_code": "roads", "address_string": "Yesil", "description": "Broken lights"},
    )
    assert response.status_code == 201
    problem = Problem.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert problem.place.code == "KZ-71-yesil" and problem.latitude is None


@pytest.mark.parametrize(
    "value", ["2026-01-01T00:00:00+99:00", "2026-01-01T00:00:00-25:00", "2026-13-01T00:00:00Z", "2026-02-30T10:00:00Z"]
)
def test_a_date_that_names_no_moment_is_the_specs_400(value: str) -> None:
    for fmt in ("json", "xml"):
        response = Client().get(f"/open311/v2/requests.{fmt}", {"start_date": value})
        assert response.status_code == 400
        text = response.content.decode()
        assert "start_date must be a W3C date and time" in text
        assert "<code>400</code>" in text if fmt == "xml" else json.loads(text)[0]["code"] == 400
