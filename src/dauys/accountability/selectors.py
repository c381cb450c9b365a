"""Scorecards, rankings and trends, read from the kept tallies: a period is a sum over at most one row a day."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dauys.accountability.counting import TALLY_COLUMNS
from dauys.accountability.models import AppealFact, ProblemFact, Scope, Spread, Tally
from dauys.authorities.models import Authority
from dauys.core.i18n import name_key

EARLIEST = date(2000, 1, 1)
PERIODS = {
    "30d": gettext_lazy("30 days"),
    "90d": gettext_lazy("90 days"),
    "12m": gettext_lazy("12 months"),
    "all": gettext_lazy("all time"),
    "custom": gettext_lazy("custom"),
}
MIN_APPEALS = 10  # an authority with fewer appeals in the period is listed, not ranked


@dataclass(frozen=True)
class Period:
    key: str
    start: date | None  # None: from the beginning
    end: date

    def query(self) -> str:
        if self.key == "custom":
            return f"period=custom&from={self.start.isoformat() if self.start else ''}&to={self.end.isoformat()}"
        return f"period={self.key}"

    def days(self) -> Q:
        return Q(day__lte=self.end) if self.start is None else Q(day__range=(self.start, self.end))


def parse_period(params: Mapping[str, str], today: date | None = None) -> Period:
    """The period a request asks for (``period`` = 30d | 90d | 12m | all | custom with ``from`` and ``to``).

    Raises ``ValidationError`` with a message a person can act on; the default is 12 months.
    """
    today = today or timezone.localdate()
    key = params.get("period") or ("custom" if params.get("from") or params.get("to") else "12m")
    if key == "30d":
        return Period(key, today - timedelta(days=29), today)
    if key == "90d":
        return Period(key, today - timedelta(days=89), today)
    if key == "12m":
        return Period(key, _year_before(today) + timedelta(days=1), today)
    if key == "all":
        return Period(key, None, today)
    if key != "custom":
        raise ValidationError({"period": [_("Choose a period: 30d, 90d, 12m, all or custom.")]})
    errors: dict[str, list[str]] = {}
    days: dict[str, date] = {}
    for name in ("from", "to"):
        raw = (params.get(name) or "").strip()
        try:
            days[name] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = [_("Give the date as YYYY-MM-DD, for example 2026-01-31.")]
    if not errors:
        if days["from"] > days["to"]:
            errors["to"] = [_("The end of the period cannot be before its start.")]
        elif days["from"] < EARLIEST or days["to"] > today + timedelta(days=366):
            errors["from"] = [_("Choose dates between 2000-01-01 and a year from now.")]
    if errors:
        raise ValidationError(errors)
    return Period(key, days["from"], days["to"])


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def percentile(counts: Mapping[int, int], fraction: float) -> int | None:
    """The nearest-rank percentile of a distribution given as {value: how many}."""
    total = sum(counts.values())
    if not total:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return None  # pragma: no cover - the loop always reaches rank


@dataclass
class Figures:
    """One subject's figures over one period (sums of the tallies, plus what follows from them)."""

    sums: dict[str, int]
    answer_days: dict[int, int] = field(default_factory=dict)
    resolution_days: dict[int, int] = field(default_factory=dict)
    registration_days: dict[int, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        if name in TALLY_COLUMNS:
            return self.sums.get(name, 0)
        raise AttributeError(name)

    @property
    def answered(self) -> int:
        return self.on_time + self.late

    @property
    def promises_pending(self) -> int:
        return self.promises - self.promises_kept - self.promises_broken

    @property
    def on_time_share(self) -> int | None:
        return _share(self.on_time, self.received)

    @property
    def late_share(self) -> int | None:
        return _share(self.late, self.received)

    @property
    def overdue_share(self) -> int | None:
        return _share(self.overdue, self.received)

    @property
    def substantive_share(self) -> int | None:
        return _share(self.substantive + self.resolved_answer, self.answered)

    @property
    def resolved_share(self) -> int | None:
        return _share(self.problems_resolved, self.problems)

    @property
    def kept_share(self) -> int | None:
        return _share(self.promises_kept, self.promises_kept + self.promises_broken)

    @property
    def answer_median(self) -> int | None:
        return percentile(self.answer_days, 0.5)

    @property
    def answer_p90(self) -> int | None:
        return percentile(self.answer_days, 0.9)

    @property
    def resolution_median(self) -> int | None:
        return percentile(self.resolution_days, 0.5)

    @property
    def registration_median(self) -> int | None:
        """Working days until the body's registration number for an appeal Dauys e-mailed reached Dauys."""
        return percentile(self.registration_days, 0.5)

    @property
    def registration_noted(self) -> int:
        return sum(self.registration_days.values())

    def ways(self) -> list[tuple[str, str, int, int | None]]:
        """(way, label, count, share of answered) for each way the first answers reached Dauys."""
        from dauys.problems.models import Answer

        labels = dict(Answer.Via.choices)
        via = {way: self.sums.get(f"via_{way}", 0) for way in Answer.Via.values}
        return [(way, str(labels[way]), n, _share(n, sum(via.values()))) for way, n in via.items()]

    def get(self, name: str) -> int | None:
        return getattr(self, name)

    def kinds(self) -> list[tuple[str, str, int, int | None]]:
        """(kind, label, count, share of answered) for every answer kind, in the order of the legend."""
        from dauys.accountability.counting import KIND_COLUMN
        from dauys.problems.models import Answer

        labels = dict(Answer.Kind.choices)
        return [
            (kind, str(labels[kind]), self.sums.get(column, 0), _share(self.sums.get(column, 0), self.answered))
            for kind, column in KIND_COLUMN.items()
        ]


def _sums(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.annotate(**{f"s_{c}": Sum(c) for c in TALLY_COLUMNS})


def figures(scope: int, subject: int, period: Period) -> Figures:
    return figures_of(scope, [subject], period).get(subject) or Figures({})


def figures_of(scope: int, subjects: Iterable[int], period: Period) -> dict[int, Figures]:
    """Figures of many subjects of one scope in three queries (tallies, answer days, resolution days)."""
    ids = list(subjects)
    found: dict[int, Figures] = {}
    rows = _sums(Tally.objects.filter(period.days(), scope=scope, subject__in=ids).values("subject"))
    for row in rows.order_by():
        found[row["subject"]] = Figures({c: row[f"s_{c}"] or 0 for c in TALLY_COLUMNS})
    spreads = (
        Spread.objects.filter(period.days(), scope=scope, subject__in=ids)
        .values("subject", "measure", "value")
        .annotate(total=Sum("n"))
        .order_by()
    )
    for s in spreads:
        if not s["total"]:
            continue
        card = found.setdefault(s["subject"], Figures({}))
        target: dict[int, int] = {
            Spread.Measure.ANSWER: card.answer_days,
            Spread.Measure.RESOLUTION: card.resolution_days,
            Spread.Measure.REGISTRATION: card.registration_days,
        }[Spread.Measure(s["measure"])]
        target[s["value"]] = s["total"]
    return found


def monthly(scope: int, subject: int, period: Period) -> list[tuple[date, Figures]]:
    """The period's figures month by month (the cohort months), oldest first, months without appeals included."""
    by_month: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = Tally.objects.filter(period.days(), scope=scope, subject=subject).values("day", *TALLY_COLUMNS)
    for row in rows.order_by():
        month = row.pop("day").replace(day=1)
        for column, n in row.items():
            by_month[month][column] += n
    if not by_month:
        return []
    first = min(by_month) if period.start is None else period.start.replace(day=1)
    months, month = [], first
    while month <= period.end:
        months.append((month, Figures(dict(by_month.get(month, {})))))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


# --- The lists behind the figures ------------------------------------------------------------------------------

APPEAL_FIGURES = {
    "received": Q(),
    "on_time": Q(outcome="on_time"),
    "late": Q(outcome="late"),
    "overdue": Q(outcome="overdue"),
    "pending": Q(outcome="pending"),
    "answered": Q(outcome__in=("on_time", "late")),
    "escalated": Q(escalated=True),
    "from_below": Q(from_below=True),
    "promises": Q(promises__gt=0),
    "promises_kept": Q(promises_kept__gt=0),
    "promises_broken": Q(promises_broken__gt=0),
    **{
        f"kind_{k}": Q(answer_kind=k)
        for k in ("substantive", "resolved", "promise", "apology", "formal", "refusal", "redirect")
    },
}
PROBLEM_FIGURES = {"problems": Q(), "problems_resolved": Q(resolved=True)}
FIGURES = (*APPEAL_FIGURES, *PROBLEM_FIGURES)


def subject_ids(scope: int, subject: int) -> list[int]:
    """Which authorities' appeals a subject's appeal figures cover (the authority, its subtree, or those in a place)."""
    from dauys.accountability.counting import Tree

    if scope == Scope.AUTHORITY:
        return [subject]
    tree = Tree.load()
    return tree.authorities_below(subject) if scope == Scope.VERTICAL else tree.authorities_in(subject)


def problems_behind(scope: int, subject: int, figure: str, period: Period) -> QuerySet[Any]:
    """The public problems a figure counts, newest first: from the very facts the figure sums."""
    from dauys.problems.models import Problem

    if figure in PROBLEM_FIGURES:
        facts = ProblemFact.objects.filter(PROBLEM_FIGURES[figure])
        facts = facts.filter(
            Q(published_on__lte=period.end)
            if period.start is None
            else Q(published_on__range=(period.start, period.end))
        )
        if scope == Scope.PLACE:
            from dauys.accountability.counting import Tree

            places = Tree.load().places_within(subject)
            problems = Problem.objects.filter(place_id__in=places, pk__in=facts.values("problem_id"))
        else:
            appealed = AppealFact.objects.filter(authority_id__in=subject_ids(scope, subject)).values("problem_id")
            problems = Problem.objects.filter(pk__in=facts.filter(problem_id__in=appealed).values("problem_id"))
    else:
        appeals = AppealFact.objects.filter(APPEAL_FIGURES[figure], authority_id__in=subject_ids(scope, subject))
        if period.start is None:
            appeals = appeals.filter(registered_on__lte=period.end)
        else:
            appeals = appeals.filter(registered_on__range=(period.start, period.end))
        problems = Problem.objects.filter(pk__in=appeals.values("problem_id"))
    return (
        problems.select_related("category", "place")
        .defer("body", "body_html", "search_words")
        .order_by("-published_at", "-pk")
    )


# --- Rankings --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    key: str
    label: Any
    query: Q


GROUPS = [
    Group(
        "region-akimats",
        gettext_lazy("Akimats of regions and cities of republican significance"),
        Q(kind="akimat", place__kind__in=("region", "city")),
    ),
    Group(
        "district-akimats",
        gettext_lazy("Akimats of districts and towns"),
        Q(kind="akimat", place__kind__in=("town", "district", "settlement")),
    ),
    Group("ministries", gettext_lazy("Ministries"), Q(kind="ministry")),
    Group(
        "national",
        gettext_lazy("Other national bodies"),
        Q(
            kind__in=(
                "presidential_administration",
                "government",
                "agency",
                "parliament",
                "party",
                "prosecutor",
                "court",
                "state_company",
            )
        ),
    ),
]

# figure -> (label, higher is better)
RANKED = {
    "on_time_share": (gettext_lazy("answered on time"), True),
    "overdue_share": (gettext_lazy("left unanswered past the deadline"), False),
    "substantive_share": (gettext_lazy("substantive answers"), True),
    "answer_median": (gettext_lazy("median working days to answer"), False),
    "kept_share": (gettext_lazy("promises kept"), True),
    "resolved_share": (gettext_lazy("problems resolved"), True),
}


@dataclass
class Ranked:
    authority: Authority
    figures: Figures
    value: int | None
    position: int | None = None


def ranking(group: Group, figure: str, period: Period) -> tuple[list[Ranked], list[Ranked]]:
    """The group's authorities best first on ``figure``, and those with too few appeals to rank (most first)."""
    _label, higher_better = RANKED[figure]
    authorities = list(Authority.objects.filter(group.query, is_active=True).select_related("place"))
    cards = figures_of(Scope.AUTHORITY, [a.pk for a in authorities], period)
    ranked: list[Ranked] = []
    unranked: list[Ranked] = []
    for a in authorities:
        card = cards.get(a.pk) or Figures({})
        entry = Ranked(a, card, card.get(figure))
        (ranked if card.received >= MIN_APPEALS and entry.value is not None else unranked).append(entry)
    ranked.sort(
        key=lambda r: (
            -(r.value or 0) if higher_better else (r.value or 0),
            -r.figures.received,
            name_key(r.authority.name),
        )
    )
    position, previous = 0, object()
    for i, r in enumerate(ranked, 1):
        if r.value != previous:
            position, previous = i, r.value
        r.position = position
    unranked.sort(key=lambda r: (-r.figures.received, name_key(r.authority.name)))
    return ranked, unranked
