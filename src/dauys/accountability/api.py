"""Scorecards and periodic reports in the API (mounted by ``dauys.api``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from ninja import Field, Query, Router, Schema

from dauys.api.common import ERRORS
from dauys.api.errors import ApiError
from dauys.api.pagination import page
from dauys.api.routers import routers
from dauys.api.schemas import Page
from dauys.authorities.models import Authority
from dauys.places.models import Place
from dauys.problems.models import Problem
from dauys.problems.selectors import PUBLIC

router = Router()


class PeriodOut(Schema):
    key: str = Field(description="30d, 90d, 12m, all or custom")
    start: date | None = Field(description="first day counted; null: from the beginning")
    end: date


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM: the appeals registered (problems published) that month")
    received: int
    on_time: int
    late: int
    overdue: int
    pending: int
    problems: int
    problems_resolved: int


class ScorecardOut(Schema):
    subject: str = Field(description="authority or place slug")
    scope: str = Field(description="authority (its own appeals), vertical (with every body below it) or place")
    period: PeriodOut
    figures: dict[str, int] = Field(
        description="the sums: received, on_time, late, overdue, pending, answer kinds, where the first answers came "
        "from (via_inbox, via_email, via_author), …"
    )
    shares: dict[str, int | None] = Field(description="percentages, rounded; null when there is nothing to divide")
    answer_working_days: dict[str, int | None] = Field(description="median and p90 (nearest rank) of working days")
    resolution_days: dict[str, int | None] = Field(description="median calendar days from publication to resolution")
    registration_working_days: dict[str, int | None] = Field(
        description="appeals Dauys e-mailed: the median working days until the body's registration number reached "
        "Dauys, and of how many appeals"
    )
    months: list[MonthOut]
    how_we_count: str = Field(description="where each figure is defined")


class ReportCount(Schema):
    authority: str | None = Field(description="authority slug (null: a body since removed)")
    count: int


class ReportMover(Schema):
    authority: str | None
    before: int = Field(description="% answered on time, appeals registered in the period before")
    now: int = Field(description="% answered on time, appeals registered in this period")


class ReportOut(Schema):
    kind: str = Field(description="weekly or monthly")
    key: str = Field(description="2026-W47 (ISO week) or 2026-11")
    start: date
    end: date
    place: str | None = Field(description="place slug; null: the whole country")
    written_at: datetime = Field(description="when it was written; a report is kept as written")
    problems: int = Field(description="new problems published in the period")
    top_problems: list[int] = Field(description="ids of the most supported of them")
    answers: int
    answers_by_kind: dict[str, int]
    overdue: int = Field(description="appeals that went overdue in the period")
    overdue_by: list[ReportCount]
    promises_broken: int
    broken_by: list[ReportCount]
    movers: list[ReportMover] = Field(description="the biggest changes in on-time share (>= 5 appeals in both)")
    url: str
    pdf: str


class ReportPage(Page):
    items: list[ReportOut]


def scorecard_out(request: HttpRequest, scope: int, subject: Any, params: Any) -> dict[str, Any]:
    from dauys.accountability import selectors as acc
    from dauys.accountability.counting import KIND_COLUMN, TALLY_COLUMNS

    period = acc.parse_period(params)
    card = acc.figures(scope, subject.pk, period)
    sums = {c: card.sums.get(c, 0) for c in TALLY_COLUMNS}
    sums["resolved"] = sums.pop(KIND_COLUMN["resolved"])  # the answer kind, by its name
    sums["answered"] = card.answered
    sums["promises_pending"] = card.promises_pending
    scope_name = {1: "authority", 2: "vertical", 3: "place"}[scope]
    link = "accountability:place" if scope_name == "place" else "accountability:authority"
    return {
        "subject": subject.slug,
        "scope": scope_name,
        "period": {"key": period.key, "start": period.start, "end": period.end},
        "figures": sums,
        "shares": {
            name: card.get(name)
            for name in (
                "on_time_share",
                "late_share",
                "overdue_share",
                "substantive_share",
                "resolved_share",
                "kept_share",
            )
        },
        "answer_working_days": {"median": card.answer_median, "p90": card.answer_p90},
        "registration_working_days": {"median": card.registration_median, "appeals": card.registration_noted},
        "resolution_days": {"median": card.resolution_median},
        "months": [
            {
                "month": month.strftime("%Y-%m"),
                **{k: f.get(k) or 0 for k in ("received", "on_time", "late", "overdue", "pending", "problems")},
                "problems_resolved": f.problems_resolved,
            }
            for month, f in acc.monthly(scope, subject.pk, period)
        ],
        "how_we_count": request.build_absolute_uri(reverse(link, args=[subject.slug])) + "#how-we-count",
    }


SHARES = ("on_time_share", "late_share", "overdue_share", "substantive_share", "resolved_share", "kept_share")


SCORECARD_PARAMS = "`period`: 30d, 90d, 12m (the default), all, or custom with `from` and `to` (YYYY-MM-DD)."


@router.get(
    "/authorities/{slug}/scorecard",
    response={200: ScorecardOut, **ERRORS},
    summary="An authority's scorecard over a period",
    description=SCORECARD_PARAMS + " `scope`: own (the default) or vertical (with every body below it).",
)
def authority_scorecard(
    request: HttpRequest,
    slug: str,
    period: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
    scope: str = "own",
) -> dict[str, Any]:
    authority = get_object_or_404(Authority, slug=slug)
    if scope not in ("own", "vertical"):
        raise ApiError(400, "invalid", "scope is own or vertical.", fields={"scope": ["unknown scope"]})
    params = {"period": period or "", "from": start or "", "to": end or ""}
    return scorecard_out(request, 2 if scope == "vertical" else 1, authority, params)


@router.get(
    "/places/{slug}/scorecard",
    response={200: ScorecardOut, **ERRORS},
    summary="A place's scorecard: the bodies located in it and the problems filed there",
    description=SCORECARD_PARAMS,
)
def place_scorecard(
    request: HttpRequest,
    slug: str,
    period: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
) -> dict[str, Any]:
    place = get_object_or_404(Place, slug=slug)
    return scorecard_out(request, 3, place, {"period": period or "", "from": start or "", "to": end or ""})


def report_out(request: HttpRequest, r: Any, refs: tuple[dict[int, str], set[int]]) -> dict[str, Any]:
    """A periodic report (``refs``: the slugs of the bodies it names, by id; which of its problems are public)."""
    slugs, public = refs
    c = r.content
    with translation.override("en"):
        url, pdf = r.get_absolute_url(), r.get_pdf_url()
    return {
        "kind": r.kind,
        "key": r.key,
        "start": r.start,
        "end": r.end,
        "place": r.place.slug if r.place_id else None,
        "written_at": r.created_at,
        "problems": c["problems"],
        "top_problems": [pk for pk in c["top_problems"] if pk in public],  # not those removed since
        "answers": c["answers"],
        "answers_by_kind": c["answers_by_kind"],
        "overdue": c["overdue"],
        "overdue_by": [{"authority": slugs.get(a), "count": n} for a, n in c["overdue_by_authority"]],
        "promises_broken": c["promises_broken"],
        "broken_by": [{"authority": slugs.get(a), "count": n} for a, n in c["broken_by_authority"]],
        "movers": [
            {"authority": slugs.get(m["authority"]), "before": m["before"], "now": m["now"]} for m in c["movers"]
        ],
        "url": request.build_absolute_uri(url),
        "pdf": request.build_absolute_uri(pdf),
    }


def report_refs(reports: list[Any]) -> tuple[dict[int, str], set[int]]:
    """For ``report_out``: the slugs of the bodies the reports name, and which of their problems are public."""
    from dauys.accountability.reports import bodies_named

    ids: set[int] = set()
    problems: set[int] = set()
    for r in reports:
        ids |= bodies_named(r.content)
        problems.update(r.content["top_problems"])
    slugs = dict(Authority.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return slugs, set(Problem.objects.filter(pk__in=problems, status__in=PUBLIC).values_list("pk", flat=True))


@router.get(
    "/reports",
    response={200: ReportPage, **ERRORS},
    summary="Periodic reports, newest first",
    description="`kind`: weekly or monthly; `place`: a place's slug for its reports, `country` for the whole "
    "country's; both optional.",
)
def report_list(
    request: HttpRequest,
    kind: str | None = None,
    place: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    from dauys.accountability.models import Report

    qs = Report.objects.select_related("place")
    if kind:
        if kind not in Report.Kind.values:
            raise ApiError(400, "invalid", "kind is weekly or monthly.", fields={"kind": ["unknown kind"]})
        qs = qs.filter(kind=kind)
    if place == "country":
        qs = qs.filter(place=None)
    elif place:
        qs = qs.filter(place=get_object_or_404(Place, slug=place))
    rows, next_url = page(request, qs, cursor=cursor, limit=limit)
    refs = report_refs(rows)
    return {"items": [report_out(request, r, refs) for r in rows], "next": next_url}


@router.get(
    "/reports/{kind}/{key}",
    response={200: ReportOut, **ERRORS},
    summary="One periodic report",
    description="`place`: a place's slug for its report; omitted, the whole country's.",
)
def report_get(request: HttpRequest, kind: str, key: str, place: str | None = None) -> dict[str, Any]:
    from dauys.accountability.models import Report

    where = get_object_or_404(Place, slug=place) if place else None
    report = get_object_or_404(Report.objects.select_related("place"), kind=kind, key=key, place=where)
    return report_out(request, report, report_refs([report]))


routers.add("accountability", router)
