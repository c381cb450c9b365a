from __future__ import annotations

from django.core.cache import cache

from dauys.accounts.models import User
from dauys.authorities.models import Authority
from dauys.places.models import Place


def home_stats() -> dict[str, int]:
    """The home page's counters, cached for a minute (they change slowly and the home page is hot)."""
    stats: dict[str, int] | None = cache.get("web:home_stats")
    if stats is None:
        stats = {
            "places": Place.objects.count(),
            "authorities": Authority.objects.filter(is_active=True).count(),
            "people": User.objects.filter(is_active=True, deleted_at__isnull=True).count(),
        }
        cache.set("web:home_stats", stats, 60)
    return stats
