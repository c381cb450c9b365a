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

from dauys.core.seams import Registry

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


# Each app registers its datasets in its ``opendata`` module (``core.seams``), in the order they are listed.
DATASETS: Registry[Dataset] = Registry("open dataset")


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
