"""Bodies can be commented on (``discussions.targets``): the body's page shows the discussion, and who follows
the body hears of a new comment."""

from __future__ import annotations

from dauys.authorities.models import Authority
from dauys.discussions.targets import Target, kind
from dauys.notifications.selectors import followers


@kind("authority")
def authority(ref: str) -> Target | None:
    found = Authority.objects.filter(slug=ref, is_active=True).first()
    if found is None:
        return None
    key = f"authority:{found.slug}"
    return Target(
        key=key,
        kind="authority",
        title=found.name,
        url=found.get_absolute_url(),
        page_tag=key,
        audience=lambda: followers(key),
    )
