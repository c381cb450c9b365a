"""Reads of public control, shaped for pages and the API."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from dauys.accounts.models import ApplicantDetails
from dauys.places.models import Place
from dauys.places.selectors import descendant_ids
from dauys.problems import clock, states
from dauys.problems.models import Answer, Appeal, Photo, Problem, TimelineEvent
from dauys.problems.search import search

PUBLIC = [s for s in Problem.Status.values if s not in (Problem.Status.DRAFT, Problem.Status.REMOVED)]
SORTS = {
    "new": ("-published_at", "-pk"),
    "supported": ("-supports_count", "-published_at", "-pk"),
}


@dataclass(frozen=True)
class ProblemFilters:
    place: Place | None = None
    authority_id: int | None = None
    category_id: int | None = None
    status: str = ""
    answer_kind: str = ""
    query: str = ""
    sort: str = "new"


def problem_list(filters: ProblemFilters) -> QuerySet[Problem]:
    # A list shows titles and facts: the descriptions stay in the database.
    qs = (
        Problem.objects.filter(status__in=PUBLIC)
        .select_related("category", "place")
        .defer("body", "body_html", "search_words")
    )
    if filters.place is not None:
        qs = qs.filter(place_id__in=descendant_ids(filters.place))
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.authority_id:
        qs = qs.filter(Exists(Appeal.objects.filter(problem=OuterRef("pk"), authority_id=filters.authority_id)))
    if filters.status == "overdue":
        qs = qs.filter(Exists(Appeal.objects.filter(problem=OuterRef("pk"), status=Appeal.Status.OVERDUE)))
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.answer_kind:
        qs = qs.filter(Exists(Answer.objects.filter(appeal__problem=OuterRef("pk"), kind=filters.answer_kind)))
    if filters.query:
        qs = search(qs, filters.query)
    if filters.sort == "overdue":
        oldest = Appeal.objects.filter(problem=OuterRef("pk"), status=Appeal.Status.OVERDUE).order_by("overdue_since")
        qs = (
            qs.filter(Exists(oldest))
            .annotate(overdue_since=oldest.values("overdue_since")[:1])
            .order_by("overdue_since", "-pk")
        )
        return qs
    return qs.order_by(*SORTS.get(filters.sort, SORTS["new"]))


def problem_detail(*, pk: int, viewer: Any) -> Problem | None:
    """The problem if this viewer may see it (public, or their own draft), else None."""
    problem = (
        Problem.objects.select_related("category", "place__parent", "author", "duplicate_of").filter(pk=pk).first()
    )
    if problem is None or not (problem.is_public or (viewer.is_authenticated and viewer.pk == problem.author_id)):
        return None
    return problem


def appeal_text(problem: Problem, applicant: ApplicantDetails | None) -> str:
    """The text of an appeal about ``problem`` that its author files themselves (eOtinish, paper, in person):
    their name and address at the head (for their eyes and the addressee's only), then the problem in their own
    words, where it is, and where its photos and its public record are. Labels in Kazakh and Russian, as the
    addressee reads them."""
    from django.conf import settings

    head = applicant.block() if applicant else "Өтініш беруші / Заявитель: …"
    from dauys.problems.routing import place_chain

    where = ""
    if problem.place_id:
        where = ", ".join(p.name_ru for p in place_chain(problem.place) if p.kind != Place.Kind.COUNTRY)
    if problem.latitude is not None and problem.longitude is not None:
        where = f"{where} ({problem.latitude:.5f}, {problem.longitude:.5f})".strip()
    lines = [head, "", problem.title, "", problem.body.strip(), ""]
    if where:
        lines.append(f"Орны / Место: {where}")
    page = settings.BASE_URL + problem.get_absolute_url()
    lines.append(f"Фотосуреттер мен қарау барысы / Фотографии и ход рассмотрения: {page}")
    lines += ["", f"Күні / Дата: {timezone.localdate():%d.%m.%Y}", "Қолы / Подпись:"]
    return "\n".join(lines)


def appeals_of(problem: Problem) -> list[Appeal]:
    appeals = list(
        problem.appeals.select_related(
            "authority__parent", "authority__response_rule", "complains_about", "redirected_from"
        ).prefetch_related(
            "complaints",
            "scans",
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("redirect_to", "posted_by").prefetch_related(
                    "verdicts", "scans"
                ),
            ),
        )
    )
    today = timezone.localdate()
    letters: list[Appeal | Answer] = [*appeals, *(answer for appeal in appeals for answer in appeal.answers.all())]
    for letter in letters:
        scans = list(letter.scans.all())
        letter.private_scans = sum(1 for scan in scans if not scan.public)  # type: ignore[union-attr]
        letter.public_scans = len(scans) - letter.private_scans  # type: ignore[union-attr]
    for appeal in appeals:
        until = complaint_window(appeal)
        appeal.complaint_until = until  # type: ignore[attr-defined]
        appeal.complaint_days_left = (until - today).days if until else None  # type: ignore[attr-defined]
        deadline = appeal.effective_deadline
        # A reply by e-mail awaiting its applicant's review stopped the clock (correspondence).
        appeal.clock_running = appeal.status in states.APPEAL_OPEN and appeal.reply_received_on is None  # type: ignore[attr-defined]
        appeal.days_left = (deadline - today).days if deadline else None  # type: ignore[attr-defined]
        for answer in appeal.answers.all():
            counts = {"substantive": 0, "formal": 0}
            author_verdict = None
            for v in answer.verdicts.all():
                counts[v.verdict] += 1
                if v.user_id == problem.author_id:
                    author_verdict = v.verdict
            answer.verdict_counts = counts  # type: ignore[attr-defined]
            answer.author_verdict = author_verdict  # type: ignore[attr-defined]
    return appeals


def complaint_window(
    appeal: Appeal, answers: list[Answer] | None = None, complained: bool | None = None
) -> date | None:
    """Last day to complain to the higher body about a refusal, brush-off or silence (APPK Art. 92(1)), if any.

    Counted from the day the appeal was deemed refused, or from the refusing or formal answer; None when there is
    nothing to complain about or a complaint was already filed. Uses the appeal's ``answers`` and whether it was
    ``complained`` about, or else its prefetched answers and complaints.
    """
    if complained is None:
        complained = bool(appeal.complaints.all())
    if appeal.kind != Appeal.Kind.APPEAL or complained:
        return None
    if appeal.status == Appeal.Status.OVERDUE and appeal.overdue_since:
        refused_on = appeal.overdue_since
    elif appeal.status == Appeal.Status.ANSWERED:
        answers = sorted(appeal.answers.all() if answers is None else answers, key=lambda a: (a.received_on, a.pk))
        if not answers or answers[-1].kind not in (Answer.Kind.REFUSAL, Answer.Kind.FORMAL):
            return None
        refused_on = answers[-1].received_on
    else:
        return None
    rule = appeal.authority.response_rule
    return clock.complaint_window_ends(rule, refused_on) if rule else None


def timeline_of(problem: Problem) -> QuerySet[TimelineEvent]:
    return problem.timeline.select_related("actor", "appeal__authority", "answer").order_by("created_at", "pk")


def likely_duplicates(*, problem: Problem, limit: int = 5) -> list[Problem]:
    """Open problems in the same place and category whose titles share words with this one."""
    words = [w for w in problem.title.lower().split() if len(w) > 3][:6]
    if not words:
        return []
    match = Q()
    for w in words:
        match |= Q(title__icontains=w)
    return list(
        Problem.objects.filter(status=Problem.Status.OPEN, place=problem.place, category=problem.category)
        .exclude(pk=problem.pk)
        .filter(match)
        .order_by("-supports_count")[:limit]
    )


RECENT_SHOWN = 6
OVERVIEW_SECONDS = 300


def recent_problems(limit: int = RECENT_SHOWN) -> list[Problem]:
    """The newest open problems, each with its first photo (``first_photo``) and its latest appeal
    (``latest_appeal``): three queries on indexes, whatever the number of problems."""
    problems = list(
        Problem.objects.filter(status=Problem.Status.OPEN)
        .select_related("category", "place__parent")
        .order_by("-published_at")[:limit]
    )
    ids = [p.pk for p in problems]
    photos: dict[int, Photo] = {}
    for photo in Photo.objects.filter(problem__in=ids, public=True).order_by("-position", "-pk"):
        photos[photo.problem_id] = photo  # the last written wins: the first by position
    latest: dict[int, Appeal] = {}
    for appeal in Appeal.objects.filter(problem__in=ids).select_related("authority").order_by("created_at", "pk"):
        latest[appeal.problem_id] = appeal  # type: ignore[index]
    for problem in problems:
        problem.first_photo = photos.get(problem.pk)  # type: ignore[attr-defined]
        problem.latest_appeal = latest.get(problem.pk)  # type: ignore[attr-defined]
    return problems


def open_counts_by_unit() -> dict[int, int]:
    """Open problems per region and city of republican significance, for the home page: counted at most once every
    ``OVERVIEW_SECONDS`` (one grouped count over the open problems), then read from the shared cache."""
    key = "problems:open_by_unit"
    counts: dict[int, int] | None = cache.get(key)
    if counts is None:
        counts = problem_counts_by_unit(ProblemFilters(status=Problem.Status.OPEN))
        cache.set(key, counts, OVERVIEW_SECONDS)
    return counts


NEARBY_METRES = 500
NEARBY_SHOWN = 5


def nearby_open(*, lat: float, lon: float, metres: int = NEARBY_METRES, limit: int = NEARBY_SHOWN) -> list[Problem]:
    """Open problems with a point within ``metres`` of (lat, lon), the nearest first, each with ``distance`` (m).

    Shown on the filing form before the citizen files, as FixMyStreet does, so that a known problem gets a support
    instead of a duplicate. A band of latitude is read on an index (``problems_open_latitude``), then the
    longitude and the true distance are checked here: a few hundred rows at most, at any number of problems.
    """
    dlat = metres / 111_320
    dlon = metres / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    candidates = Problem.objects.filter(
        status=Problem.Status.OPEN,
        latitude__range=(lat - dlat, lat + dlat),
        longitude__range=(lon - dlon, lon + dlon),
    ).select_related("category", "place__parent")[:200]
    found = []
    for problem in candidates:
        distance = _metres(lat, lon, problem.latitude, problem.longitude)  # type: ignore[arg-type]
        if distance <= metres:
            problem.distance = round(distance)  # type: ignore[attr-defined]
            found.append(problem)
    return sorted(found, key=lambda p: p.distance)[:limit]  # type: ignore[attr-defined]


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The distance on the Earth's surface (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


MAX_POINTS = 3000


def problem_points(filters: ProblemFilters) -> list[dict[str, Any]]:
    """Problems of the filters that have a point (blurred to ~500 m where the author asked), newest first."""
    qs = problem_list(dataclasses.replace(filters, sort="new")).filter(latitude__isnull=False, longitude__isnull=False)
    return [
        {"id": pk, "title": title, "status": status, "lat": lat, "lon": lon}
        for pk, title, status, lat, lon in qs.values_list("pk", "title", "status", "latitude", "longitude")[:MAX_POINTS]
    ]


def problem_counts_by_unit(filters: ProblemFilters) -> dict[int, int]:
    """Problems of the filters counted per top-level unit (region or city of republican significance), by place id."""
    units = set(Place.objects.filter(kind__in=[Place.Kind.REGION, Place.Kind.CITY]).values_list("pk", flat=True))
    return problem_counts_by(units, filters)


def open_counts_within(place: Place) -> dict[int, int]:
    """Open problems per place just below ``place`` (a city's districts), by place id; counted at most once every
    ``OVERVIEW_SECONDS``, as the home page's overview is."""
    key = f"problems:open_within:{place.pk}"
    counts: dict[int, int] | None = cache.get(key)
    if counts is None:
        parts = set(place.children.values_list("pk", flat=True))
        counts = problem_counts_by(parts, ProblemFilters(status=Problem.Status.OPEN, place=place))
        cache.set(key, counts, OVERVIEW_SECONDS)
    return counts


def problem_counts_by(parts: set[int], filters: ProblemFilters) -> dict[int, int]:
    """Problems of the filters counted per place of ``parts`` (ids), each with the places below it."""
    return counts_by_part(parts, problem_list(dataclasses.replace(filters, sort="new")))


def counts_by_part(parts: set[int], problems: QuerySet[Problem]) -> dict[int, int]:
    """``problems`` counted per place of ``parts`` (ids), each with the places below it: one grouped count, then
    each place rolled up to the part it lies in (the places are a few thousand rows, read once)."""
    from django.db.models import Count

    per_place = dict(problems.order_by().values_list("place_id").annotate(n=Count("pk")))
    totals: dict[int, int] = dict.fromkeys(parts, 0)
    parents = dict(Place.objects.values_list("pk", "parent_id"))
    for place_id, n in per_place.items():
        node = place_id
        while node is not None and node not in parts:
            node = parents.get(node)
        if node is not None:
            totals[node] += n
    return totals
