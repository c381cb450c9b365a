"""What the directory adds to other apps' pages (``pages.sections``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dauys.authorities.selectors import authority_list
from dauys.pages.sections import section


@section("place", "authorities/_place_section.html", order=10)
def authorities_here(request: HttpRequest, place: Any) -> dict[str, Any]:
    """The bodies of this place itself, not those of the places within it."""
    return {"authorities": authority_list().filter(place=place)}
