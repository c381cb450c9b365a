"""The authorities in the API (``/api/v1/authorities``), mounted by ``dauys.api``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from dauys.api.common import ERRORS, page_url
from dauys.api.errors import ApiError
from dauys.api.pagination import page
from dauys.api.routers import routers
from dauys.api.schemas import Page
from dauys.authorities.models import Authority
from dauys.core.i18n import names

router = Router()


class AuthorityOut(Schema):
    slug: str
    kind: str
    name: dict[str, str]
    place: str | None = Field(None, description="slug of the jurisdiction place; null for the whole country")
    parent: str | None = Field(None, description="slug of the higher body")
    accepts_complaints: bool
    answer_working_days: int
    url: str


class AuthorityPage(Page):
    items: list[AuthorityOut]


def authority_out(request: HttpRequest, a: Authority) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "kind": a.kind,
        "name": names(a),
        "place": a.place.slug if a.place_id and a.place else None,
        "parent": a.parent.slug if a.parent_id and a.parent else None,
        "accepts_complaints": a.accepts_complaints,
        "answer_working_days": a.response_rule.answer_working_days,
        "url": page_url(request, a),
    }


def find_authority(key: str, field: str = "authority") -> Authority:
    authority = Authority.objects.filter(slug=key, is_active=True).select_related("response_rule").first()
    if authority is None:
        raise ApiError(400, "invalid", "There is no such authority.", fields={field: ["unknown authority"]})
    return authority


@router.get("/authorities", response={200: AuthorityPage, **ERRORS}, summary="Authorities and the vertical")
def authority_list(
    request: HttpRequest, kind: str | None = None, cursor: str | None = None, limit: int = 100
) -> dict[str, Any]:
    qs = Authority.objects.filter(is_active=True).select_related("place", "parent", "response_rule")
    if kind:
        if kind not in Authority.Kind.values:
            raise ApiError(400, "invalid", "There is no such kind of authority.", fields={"kind": ["unknown kind"]})
        qs = qs.filter(kind=kind)
    rows, next_url = page(request, qs, cursor=cursor, limit=limit, descending=False)
    return {"items": [authority_out(request, a) for a in rows], "next": next_url}


@router.get("/authorities/{slug}", response={200: AuthorityOut, **ERRORS}, summary="One authority")
def authority_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    authority = get_object_or_404(
        Authority.objects.select_related("place", "parent", "response_rule"), slug=slug, is_active=True
    )
    return authority_out(request, authority)


routers.add("authorities", router)
