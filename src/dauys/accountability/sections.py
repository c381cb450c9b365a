"""What accountability adds to other apps' pages (``pages.sections``): the way to a body's and a place's scorecard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from dauys.pages.sections import section


@section("authority-actions", "accountability/_scorecard_link.html", order=20)
def authority_scorecard(request: HttpRequest, authority: Any) -> dict[str, Any]:
    return {"href": reverse("accountability:authority", args=[authority.slug])}


@section("place-actions", "accountability/_scorecard_link.html", order=20)
def place_scorecard(request: HttpRequest, place: Any) -> dict[str, Any]:
    return {"href": reverse("accountability:place", args=[place.slug])}
