"""What public control adds to other apps' pages (``pages.sections``): the way to a place's or a body's problems."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dauys.pages.sections import section


@section("place-actions", "problems/_problems_here.html")
def problems_of_a_place(request: HttpRequest, place: Any) -> dict[str, Any]:
    # The country is every place: its problems are all problems.
    return {"param": "place", "slug": place.slug if place.parent_id else ""}


@section("authority-actions", "problems/_problems_here.html")
def problems_of_an_authority(request: HttpRequest, authority: Any) -> dict[str, Any]:
    return {"param": "authority", "slug": authority.slug}
