"""Reads on places."""

from __future__ import annotations

import html
import math
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, QuerySet
from django.urls import reverse

from dauys.core.i18n import order_by_name
from dauys.places import outlines
from dauys.places.models import Place
from dauys.places.tiles import archive


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


def place_at(*, lat: float, lon: float) -> Place | None:
    """The smallest place whose outline holds the point (a city district, else a region or city), or None."""
    codes = outlines.locate(lon, lat)
    if not codes:
        return None
    found = {p.code: p for p in Place.objects.filter(code__in=codes).select_related("parent__parent")}
    for code in reversed(codes):
        if code in found:
            return found[code]
    return None


def map_settings() -> dict[str, object]:
    """What an interactive map needs to draw (``static/dauys/pin.js``): the instance's own tiles, if it has an
    archive (their zoom range), or the operator's raster tile server, else the outlines alone."""
    found: dict[str, object] = {"outlines": reverse("places:outlines"), "locate": reverse("places:locate")}
    if settings.MAP_PMTILES is not None:
        opened = archive(str(settings.MAP_PMTILES))
        found.update(
            vector=reverse("tiles", args=[0, 0, 0]).removesuffix("0/0/0") + "{z}/{x}/{y}",
            minzoom=opened.minzoom,
            maxzoom=opened.maxzoom,
        )
    elif settings.TILE_URL:
        # MapLibre draws an attribution as HTML: the setting is text, so it is escaped.
        attribution = html.escape(settings.TILE_ATTRIBUTION or urlsplit(settings.TILE_URL).netloc)
        found.update(raster=settings.TILE_URL, attribution=attribution)
    return found


def point_in(query: Any, lat: str = "lat", lon: str = "lon") -> tuple[float, float] | None:
    """A point given in a query as degrees of latitude and longitude, or None if either is missing or not one."""
    try:
        found = float(query.get(lat, "")), float(query.get(lon, ""))
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in found) or abs(found[0]) > 90 or abs(found[1]) > 180:
        return None
    return found
