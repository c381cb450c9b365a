"""Authorities can be commented on (dauys.discussions.targets)."""

from __future__ import annotations

from dauys.authorities.models import Authority
from dauys.discussions.targets import Target, kind
from dauys.problems.selectors import followers


@kind("authority")
def authority(ref: str) -> Target | None:
    found = Authority.objects.filter(slug=ref, is_active=True).first()
    if found is None:
        return None
    return Target(
        key=f"authority:{found.slug}",
        kind="authority",
        title=found.name,
        url=found.get_absolute_url(),
        page_tag=f"authority:{found.slug}",
        audience=lambda: followers(authority=found),
    )
