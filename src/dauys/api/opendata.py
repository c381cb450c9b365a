"""Open data downloads (docs/open-data.md): every public record of public control as CSV or JSON Lines.

``/open-data/`` lists the datasets; ``/open-data/<dataset>.csv`` and ``/open-data/<dataset>.jsonl`` stream them.
Rows are read in keyset-paginated chunks of plain values and written as they go, so memory stays flat whatever
the size. Public fields only: no e-mail address, no draft or removed problem, no appeal text or scan, no account
beyond the public name an author chose to show.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from dauys.problems.models import Answer, Appeal, Problem, Promise
from dauys.problems.selectors import PUBLIC

CHUNK = 5000
LICENSE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    columns: tuple[str, ...]
    rows: Callable[[], QuerySet[Any]]  # a queryset ordered by pk yielding value tuples in column order
    adapt: Callable[[tuple[Any, ...]], tuple[Any, ...]] = lambda row: row
    fresh_adapt: Callable[[], Callable[[tuple[Any, ...]], tuple[Any, ...]]] | None = None  # made anew per download

    @classmethod
    def of(cls, name: str, description: str, queryset: QuerySet[Any], fields: tuple[str, ...]) -> Dataset:
        """A dataset whose columns are its fields ("pk" is "id", "x__slug" is "x")."""
        columns = tuple("id" if f == "pk" else f.removesuffix("__slug") for f in fields)
        return cls(name, description, columns, lambda: queryset.values_list(*fields))


def _problems() -> QuerySet[Any]:
    return Problem.objects.filter(status__in=PUBLIC).values_list(
        "pk",
        "title",
        "body",
        "status",
        "category__slug",
        "place__slug",
        "latitude",
        "longitude",
        "supports_count",
        "hide_author",
        "author__display_name",
        "author__deleted_at",
        "published_at",
        "closed_at",
    )


def _problem_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    *head, hide, name, deleted_at, published, closed = row
    author = "anonymous" if hide else "deleted user" if deleted_at else name  # as the API and the pages show it
    return (*head, author, published, closed)


SCOPES = {1: "authority", 2: "vertical", 3: "place"}


def _slugs() -> dict[int, dict[int, str]]:
    from dauys.authorities.models import Authority
    from dauys.places.models import Place

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
    from dauys.accountability.counting import TALLY_COLUMNS
    from dauys.accountability.models import Tally

    return Tally.objects.values_list("pk", "scope", "subject", "day", *TALLY_COLUMNS)


def _spreads() -> QuerySet[Any]:
    from dauys.accountability.models import Spread

    return Spread.objects.filter(n__gt=0).values_list("pk", "scope", "subject", "day", "measure", "value", "n")


def _tally_columns() -> tuple[str, ...]:
    from dauys.accountability.counting import TALLY_COLUMNS

    return tuple("answered_resolved" if c == "resolved_answer" else c for c in TALLY_COLUMNS)


DATASETS = {
    d.name: d
    for d in (
        Dataset(
            "problems",
            "Public problems (drafts and removed ones excluded); a point the author asked to blur is ~500 m off.",
            (
                "id",
                "title",
                "description",
                "status",
                "category",
                "place",
                "latitude",
                "longitude",
                "supports_count",
                "author",
                "published_at",
                "closed_at",
            ),
            _problems,
            _problem_row,
        ),
        Dataset.of(
            "appeals",
            "Appeals of public problems to authorities, with their legal clock.",
            Appeal.objects.filter(problem__status__in=PUBLIC),
            (
                "pk",
                "problem_id",
                "authority__slug",
                "kind",
                "delivery",
                "status",
                "reference",
                "registration_number",
                "registered_on",
                "answer_working_days",
                "deadline",
                "extended_until",
                "answered_on",
                "overdue_since",
            ),
        ),
        Dataset.of(
            "answers",
            "Answers of authorities to those appeals (posted by a verified representative or transcribed).",
            Answer.objects.filter(appeal__problem__status__in=PUBLIC),
            ("pk", "appeal_id", "kind", "received_on", "by_representative", "promise_due_on", "text", "refusal_reason"),
        ),
        Dataset.of(
            "promises",
            "Promises made in answers, and whether they were kept.",
            Promise.objects.filter(problem__status__in=PUBLIC),
            ("pk", "problem_id", "authority__slug", "answer_id", "due_on", "status", "settled_on"),
        ),
        Dataset(
            "scorecards",
            "The scorecards' figures per subject (an authority, an authority with everything below it, a place) and "
            "per day (the appeals registered, the problems published that day): add up the days of any period.",
            ("id", "scope", "subject", "day", *_tally_columns()),
            _tallies,
            fresh_adapt=_subject_adapter,
        ),
        Dataset(
            "scorecard_days",
            "How many of a subject's appeals of a day took `value` working days to answer (measure a), and how many "
            "of its problems took `value` days to be resolved (measure r): medians and percentiles for any period.",
            ("id", "scope", "subject", "day", "measure", "value", "n"),
            _spreads,
            fresh_adapt=_subject_adapter,
        ),
    )
}


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _chunks(dataset: Dataset) -> Iterator[list[tuple[Any, ...]]]:
    """The rows, a chunk at a time (keyset pagination on the primary key)."""
    adapt = dataset.fresh_adapt() if dataset.fresh_adapt else dataset.adapt
    last = 0
    while True:
        chunk = list(dataset.rows().filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        yield [tuple(_value(v) for v in adapt(row)) for row in chunk]


def _csv(dataset: Dataset) -> Iterator[str]:
    """CSV, one piece per chunk of rows (one write to the socket each, not one per row)."""
    yield "\ufeff"  # a byte-order mark: spreadsheets then read Kazakh and Russian text as UTF-8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(dataset.columns)
    for chunk in _chunks(dataset):
        writer.writerows(["" if v is None else v for v in row] for row in chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _jsonl(dataset: Dataset) -> Iterator[str]:
    columns = dataset.columns
    for chunk in _chunks(dataset):
        yield "".join(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n" for row in chunk)


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    base = settings.BASE_URL
    return JsonResponse(
        {
            "license": LICENSE,
            "documentation": "docs/open-data.md",
            "datasets": [
                {
                    "name": d.name,
                    "description": d.description,
                    "columns": list(d.columns),
                    "csv": f"{base}/open-data/{d.name}.csv",
                    "jsonl": f"{base}/open-data/{d.name}.jsonl",
                }
                for d in DATASETS.values()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def download(request: HttpRequest, name: str, fmt: str) -> StreamingHttpResponse:
    dataset = DATASETS.get(name)
    if dataset is None:
        raise Http404("no such dataset")
    if fmt == "csv":
        response = StreamingHttpResponse(_csv(dataset), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_jsonl(dataset), content_type="application/jsonl; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dauys-{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
