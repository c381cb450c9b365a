"""Reads of the initiatives, shaped for their pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dauys.initiatives.models import Initiative, Membership
from dauys.places.models import Place


def initiative_list(*, place: Place | None = None) -> QuerySet[Initiative]:
    """The initiatives, the most recently active first: never by size (equal footing, docs/initiatives.md). With a
    place, those acting in it or in a place within it."""
    found = Initiative.objects.all()
    if place is not None:
        within = Q(places=place) | Q(places__parent=place) | Q(places__parent__parent=place)
        found = found.filter(pk__in=Initiative.objects.filter(within).values("pk"))
    return found.order_by("-active_at", "-pk").prefetch_related("places")


def membership_of(initiative: Initiative, user: Any) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(initiative=initiative, user=user).first()


def members(initiative: Initiative) -> list[Membership]:
    """Its members, coordinators first, then by when they joined (for its members' eyes only)."""
    return list(
        Membership.objects.filter(initiative=initiative, state=Membership.State.ACTIVE)
        .select_related("user")
        .order_by("role", "created_at", "pk")
    )


def requests(initiative: Initiative) -> list[Membership]:
    return list(
        Membership.objects.filter(initiative=initiative, state=Membership.State.REQUESTED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
