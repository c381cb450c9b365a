"""Every address of the site, fed hostile values in its path, its query string and its form or JSON body, answers
with a 4xx in its own format (a page, the API's JSON, Open311's JSON or XML) or a plain success: never a 5xx.

The addresses are not listed here: they are walked from the root URLconf (the admin aside, which is Django's), so
a new app's pages and endpoints are fed the same values the day they exist. The values are the classes that broke
endpoints before: numbers beyond 64 bits, NUL characters, half of a UTF-16 surrogate pair, impossible dates and
time-zone offsets, overlong and odd text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern, URLPattern, URLResolver

pytestmark = pytest.mark.django_db

HUGE = ["18446744073709551616", "9" * 40, "-9223372036854775809"]
TEXT = ["\x00", "a\x00b", "\udfff", "%", "x" * 3000, "..", "\u202e\u0000", "'\"<>"]
DATES = ["2026-13-45", "2026-01-01T00:00:00+99:00", "2026-01-01T25:61:00-25:00", "0000-00-00", "99999-01-01"]
NUMBERS = ["1e309", "NaN", "-Infinity", "0x10", "1_000"]
HOSTILE = HUGE + TEXT + DATES + NUMBERS
# What stands for a hostile value in a regex group that refuses it: still nothing that exists.
FITTING = {HUGE[0]: ("no_such_name", "photos/../../../etc/passwd", "x/../../.."), TEXT[4]: ("z" * 3000,)}

# Names the views read from query strings and forms, and what the API and Open311 take.
PARAMETERS = [
    "page", "q", "place", "authority", "category", "status", "sort", "cursor", "limit", "period", "from", "to",
    "since", "until", "kind", "figure", "scope", "lat", "long", "lon", "latitude", "longitude", "zoom", "bbox",
    "start_date", "end_date", "service_request_id", "service_code", "page_size", "size", "first", "second",
    "tree_size", "index", "start", "end", "next", "lang", "title", "body", "text", "reason", "rule", "days",
    "registered_on", "registration_number", "received_on", "promise_due_on", "until", "decision", "action",
    "target", "follow", "supported", "fixed", "verdict", "public", "email_notifications", "display_name", "name",
    "parent", "redirect_to", "delivery", "message", "api_key", "description", "address_string", "email",
]  # fmt: skip
CONVERTED = re.compile(r"(?<!\?P)<(?:(\w+):)?(\w+)>")  # a route's <int:pk>, not a regex group's (?P<pk>
GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")


def _patterns(patterns: list[Any], prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for pattern in patterns:
        parts = (*prefix, pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, parts)
        elif isinstance(pattern, URLPattern):
            yield parts


def _route(part: Any) -> str:
    if isinstance(part, LocalePrefixPattern):
        return "en/"
    if isinstance(part, RoutePattern):
        return str(part._route)
    assert isinstance(part, RegexPattern)
    return str(part._regex).removeprefix("^").removesuffix("$").replace("\\.", ".")


def _filled(route: str, value: str) -> str | None:
    """The route with every parameter set to ``value`` (escaped for a path), or None where ``value`` cannot stand
    (a regex group it does not match: that address would not exist)."""

    def converted(match: re.Match[str]) -> str:
        escaped = quote(value.encode("utf-8", "surrogatepass"), safe="/" if match.group(1) == "path" else "")
        return escaped

    filled = CONVERTED.sub(converted, route)
    for name, group in GROUP.findall(filled):
        candidate = next((c for c in (value, *FITTING.get(value, ())) if re.fullmatch(group, c)), None)
        if candidate is None and name == "fmt":
            candidate = group.split("|")[0]
        if candidate is None:
            return None
        filled = filled.replace(f"(?P<{name}>{group})", quote(candidate.encode("utf-8", "surrogatepass"), safe="/"), 1)
    return "/" + filled if "(" not in filled else None


def addresses() -> list[str]:
    routes = ["".join(_route(part) for part in parts) for parts in _patterns(get_resolver().url_patterns)]
    return sorted({route for route in routes if not route.startswith("en/admin/")})


@pytest.fixture
def clients(make_user, make_problem) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    from dauys.accounts.services import api_token_create

    make_problem()  # something to list, filter and page through
    reader = make_user("Hostile reader")
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(reader)
    _token, secret = api_token_create(user=reader, name="fuzz")
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")
    return {"anonymous": Client(raise_request_exception=False), "signed in": signed_in, "api": api}


def _ok(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code >= 400:
        kind = response.get("Content-Type", "")
        if "/api/" in what.split(" ", 2)[1] or "/ledger/" in what.split(" ", 2)[1]:
            assert kind.startswith("application/json"), f"{what}: {response.status_code} as {kind}"
        elif "/open311/" in what.split(" ", 2)[1]:
            assert kind.startswith(("application/json", "text/xml")), f"{what}: {response.status_code} as {kind}"


def _query(values: list[str]) -> str:
    return urlencode({name: values[i % len(values)] for i, name in enumerate(PARAMETERS)}, errors="surrogatepass")


def _escaped(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@pytest.mark.parametrize("route", addresses())
def test_no_address_answers_a_server_error_to_hostile_values(route: str, clients: dict[str, Client]) -> None:
    anonymous, signed_in, api = clients["anonymous"], clients["signed in"], clients["api"]
    paths = [path for value in HOSTILE if (path := _filled(route, value)) is not None]
    for path in paths:  # each hostile value in the address's own parameters (the address alone if it has none)
        _ok(anonymous.get(path), f"GET {path}")
    assert paths or route.startswith("en/accounts/"), f"no hostile value fits {route}"
    path = _filled(route, "1") or (paths[0] if paths else None)
    if path is None:
        return
    # Each parameter name gets each hostile value once, by turns, in the query string, a form and a JSON body.
    for turn in range(len(HOSTILE)):
        values = HOSTILE[turn:] + HOSTILE[:turn]
        query = _query(values)
        who = signed_in if turn % 2 else anonymous
        _ok(who.get(f"{path}?{query}"), f"GET {path}?{query[:80]}…")
        _ok(
            signed_in.post(path, query, content_type="application/x-www-form-urlencoded"),
            f"POST {path} form {query[:80]}…",
        )
        body = json.dumps({name: values[i % len(values)] for i, name in enumerate(PARAMETERS)})
        method = api.post if turn % 2 else api.put
        _ok(method(path, body, content_type="application/json"), f"{method.__name__.upper()} {path} json")
