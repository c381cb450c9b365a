"""Places can be commented on (dauys.discussions.targets)."""

from __future__ import annotations

from dauys.discussions.targets import Target, kind
from dauys.places.models import Place
from dauys.problems.selectors import followers


@kind("place")
def place(ref: str) -> Target | None:
    found = Place.objects.filter(slug=ref).first()
    if found is None:
        return None
    return Target(
        key=f"place:{found.slug}",
        kind="place",
        title=found.name,
        url=found.get_absolute_url(),
        page_tag=f"place:{found.slug}",
        audience=lambda: followers(place=found),
    )
