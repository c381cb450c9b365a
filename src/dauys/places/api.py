"""The places in the API (``/api/v1/places``), mounted by ``dauys.api``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from dauys.api.common import ERRORS
from dauys.api.errors import ApiError
from dauys.api.pagination import page
from dauys.api.routers import routers
from dauys.api.schemas import Page
from dauys.core.i18n import names
from dauys.places.models import Place

router = Router()


class PlaceOut(Schema):
    slug: str
    code: str
    iso_code: str | None
    kind: str
    parent: str | None = Field(None, description="slug of the parent place")
    name: dict[str, str]
    centroid: list[float] | None


class PlacePage(Page):
    items: list[PlaceOut]


def place_out(p: Place) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "code": p.code,
        "iso_code": p.iso_code or None,
        "kind": p.kind,
        "parent": p.parent.slug if p.parent_id and p.parent else None,
        "name": names(p),
        "centroid": [p.latitude, p.longitude] if p.latitude is not None else None,
    }


def find_place(key: str) -> Place:
    place = Place.objects.filter(Q(slug=key) | Q(iso_code=key) | Q(code=key)).first()
    if place is None:
        raise ApiError(400, "invalid", "There is no such place.", fields={"place": ["unknown place"]})
    return place


@router.get("/places", response={200: PlacePage, **ERRORS}, summary="Places of Kazakhstan")
def place_list(request: HttpRequest, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    rows, next_url = page(request, Place.objects.select_related("parent"), cursor=cursor, limit=limit, descending=False)
    return {"items": [place_out(p) for p in rows], "next": next_url}


@router.get("/places/{slug}", response={200: PlaceOut, **ERRORS}, summary="One place")
def place_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    return place_out(get_object_or_404(Place.objects.select_related("parent"), slug=slug))


routers.add("places", router)
