"""Places can be commented on (``discussions.targets``): the place's page shows the discussion, and who follows
the place hears of a new comment."""

from __future__ import annotations

from dauys.discussions.targets import Target, kind
from dauys.notifications.selectors import followers
from dauys.places.models import Place


@kind("place")
def place(ref: str) -> Target | None:
    found = Place.objects.filter(slug=ref).first()
    if found is None:
        return None
    key = f"place:{found.slug}"
    return Target(
        key=key,
        kind="place",
        title=found.name,
        url=found.get_absolute_url(),
        page_tag=key,
        audience=lambda: followers(key),
    )
