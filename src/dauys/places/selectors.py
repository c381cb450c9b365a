"""Reads on places."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from dauys.core.i18n import order_by_name
from dauys.places.models import Place


def country() -> Place | None:
    return Place.objects.filter(kind=Place.Kind.COUNTRY).first()


def top_level_units() -> QuerySet[Place]:
    """The 20 units of ISO 3166-2:KZ, regions and cities together, by name."""
    return (
        Place.objects.filter(kind__in=[Place.Kind.REGION, Place.Kind.CITY])
        .annotate(
            children_count=Count("children", distinct=True),
            authorities_count=Count("authorities", distinct=True),
        )
        .order_by("kind", order_by_name())
    )


def place_detail(*, slug: str) -> Place | None:
    """The place with this slug, or None."""
    return Place.objects.select_related("parent__parent__parent").filter(slug=slug).first()


def sub_places(*, place: Place) -> QuerySet[Place]:
    return place.children.annotate(children_count=Count("children")).order_by(order_by_name())


def descendant_ids(place: Place) -> list[int]:
    """Ids of ``place`` and everything under it (the tree is shallow: at most four levels)."""
    ids, frontier = [place.pk], [place.pk]
    while frontier:
        frontier = list(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids
