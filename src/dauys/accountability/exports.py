"""Scorecards and periodic reports in the public export (``ledger.export``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest

from dauys.accountability.api import report_out, report_refs, scorecard_out
from dauys.accountability.models import Report
from dauys.authorities.models import Authority
from dauys.ledger.export import SECTIONS, chunks
from dauys.places.models import Place

SCORECARD_PERIODS = ("30d", "90d", "12m", "all")


def scorecards(request: HttpRequest) -> Iterator[dict[str, Any]]:
    """Every authority's scorecard (its own, its vertical) and every place's, over the standard periods."""
    subjects: list[tuple[int, str, Any]] = [
        (scope, name, a)
        for a in chunks(Authority.objects.filter(is_active=True))
        for scope, name in ((1, "authority"), (2, "vertical"))
    ]
    subjects += [(3, "place", p) for p in chunks(Place.objects.all())]
    for scope, name, subject in subjects:
        periods = {
            key: scorecard_out(request, scope, subject, {"period": key, "from": "", "to": ""})
            for key in SCORECARD_PERIODS
        }
        yield {"scope": name, "subject": subject.slug, "periods": periods}


def reports(request: HttpRequest) -> Iterator[dict[str, Any]]:
    rows = list(Report.objects.select_related("place").order_by("pk"))
    refs = report_refs(rows)
    for report in rows:
        yield report_out(request, report, refs)


SECTIONS.add("scorecards", scorecards)
SECTIONS.add("reports", reports)
