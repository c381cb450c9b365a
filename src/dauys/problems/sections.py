"""What public control adds to other apps' pages (``pages.sections``): the way to a place's or a body's problems,
and the home page's search, newest problems and overview."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from dauys.core.i18n import name_key
from dauys.pages.sections import section
from dauys.problems import inbox, selectors


@section("place-actions", "problems/_problems_here.html")
def problems_of_a_place(request: HttpRequest, place: Any) -> dict[str, Any]:
    # The country is every place: its problems are all problems.
    return {"param": "place", "slug": place.slug if place.parent_id else ""}


@section("authority-actions", "problems/_problems_here.html")
def problems_of_an_authority(request: HttpRequest, authority: Any) -> dict[str, Any]:
    return {"param": "authority", "slug": authority.slug}


@section("home", "problems/_home_recent.html", order=10)
def recent_problems(request: HttpRequest, _: Any) -> dict[str, Any]:
    """The home page's way in: a search box and the newest problems, with a photo, the place and the appeal."""
    return {"problems": selectors.recent_problems()}


@section("home", "problems/_home_overview.html", order=20)
def overview(request: HttpRequest, _: Any) -> dict[str, Any]:
    """The country at a glance: open problems by region, on the server-drawn map, with a table of the numbers."""
    from dauys.places import maps

    def href(place: Any) -> str:
        return f"{reverse('problems:index')}?{urlencode({'place': place.slug, 'status': 'open'})}"

    country = maps.country(selectors.open_counts_by_unit(), href)
    return {"map": country, "table": sorted(country.shapes, key=lambda s: (-s.value, name_key(s.place.name)))}


@section("place", "problems/_place_districts.html", order=5)
def districts_of_a_city(request: HttpRequest, place: Any) -> dict[str, Any] | None:
    """A city's open problems by district, on the server-drawn map of its districts, with a table of the numbers."""
    from dauys.places import maps
    from dauys.places.models import Place

    if place.kind != Place.Kind.CITY:
        return None

    def href(district: Any) -> str:
        return f"{reverse('problems:index')}?{urlencode({'place': district.slug, 'status': 'open'})}"

    drawn = maps.districts(place, selectors.open_counts_within(place), href)
    if drawn is None:
        return None
    return {"map": drawn, "table": sorted(drawn.shapes, key=lambda s: (-s.value, name_key(s.place.name)))}


@section("account", "problems/inbox/_account.html", order=10)
def representative_roles(request: HttpRequest, user: Any) -> dict[str, Any] | None:
    """The reader's own account page: the bodies they answer for, each with its inbox and what waits in it."""
    bodies = inbox.bodies_of(user)
    if not bodies:
        return None
    positions = {r.authority_id: r.position for r in user.representations.filter(verified=True)}
    return {"rows": [(body, positions.get(body.pk, ""), inbox.counts([body.pk])) for body in bodies]}
