"""The scorecards' open datasets (``/open-data/``; ``api.opendata``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from dauys.accountability.counting import TALLY_COLUMNS
from dauys.accountability.models import Spread, Tally
from dauys.api.opendata import DATASETS, Dataset
from dauys.authorities.models import Authority
from dauys.places.models import Place

SCOPES = {1: "authority", 2: "vertical", 3: "place"}


def _slugs() -> dict[int, dict[int, str]]:
    authorities = dict(Authority.objects.values_list("pk", "slug"))
    return {1: authorities, 2: authorities, 3: dict(Place.objects.values_list("pk", "slug"))}


def _subject_adapter() -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """Rows of figures name their subject by slug (looked up once per download, not per row)."""
    slugs = _slugs()

    def adapt(row: tuple[Any, ...]) -> tuple[Any, ...]:
        pk, scope, subject, *rest = row
        return (pk, SCOPES[scope], slugs[scope].get(subject, str(subject)), *rest)

    return adapt


def _tallies() -> QuerySet[Any]:
    return Tally.objects.values_list("pk", "scope", "subject", "day", *TALLY_COLUMNS)


def _spreads() -> QuerySet[Any]:
    return Spread.objects.filter(n__gt=0).values_list("pk", "scope", "subject", "day", "measure", "value", "n")


def _tally_columns() -> tuple[str, ...]:
    return tuple("answered_resolved" if c == "resolved_answer" else c for c in TALLY_COLUMNS)


DATASETS.add(
    "scorecards",
    Dataset(
        "scorecards",
        "The scorecards' figures per subject (an authority, an authority with everything below it, a place) and "
        "per day (the appeals registered, the problems published that day): add up the days of any period.",
        ("id", "scope", "subject", "day", *_tally_columns()),
        _tallies,
        fresh_adapt=_subject_adapter,
    ),
)

DATASETS.add(
    "scorecard_days",
    Dataset(
        "scorecard_days",
        "How many of a subject's appeals of a day took `value` working days to answer (measure a), and how many "
        "of its problems took `value` days to be resolved (measure r): medians and percentiles for any period.",
        ("id", "scope", "subject", "day", "measure", "value", "n"),
        _spreads,
        fresh_adapt=_subject_adapter,
    ),
)
