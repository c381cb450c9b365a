"""What correspondence adds to another app's page (``pages.sections``): on an appeal, and at the top of "my cases",
its applicant's replies to review (nobody else sees them; the page's stored copy for other readers has none)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dauys.correspondence.models import IncomingMail
from dauys.pages.sections import section


@section("appeal", "correspondence/_appeal_replies.html", order=10)
def replies_to_review(request: HttpRequest, appeal: Any) -> dict[str, Any] | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk != appeal.subject_author_id:
        return None
    waiting = list(IncomingMail.objects.filter(appeal=appeal, status=IncomingMail.Status.REVIEW).order_by("pk"))
    return {"replies": waiting} if waiting else None


SHOWN = 20  # replies listed at the top of "my cases" (the heading counts them all)


@section("mine", "correspondence/_mine_replies.html", order=10)
def replies_awaiting_me(request: HttpRequest, _obj: Any) -> dict[str, Any] | None:
    """My cases: the replies by e-mail that wait for my review, oldest first (a reply published by nobody is an
    answer the public does not see, and its clock stays stopped)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    mine = IncomingMail.objects.filter(status=IncomingMail.Status.REVIEW, appeal__problem__author=user)
    waiting = list(mine.select_related("appeal__authority", "appeal__problem").order_by("received_at", "pk")[:SHOWN])
    if not waiting:
        return None
    return {"replies": waiting, "count": len(waiting) if len(waiting) < SHOWN else mine.count()}
