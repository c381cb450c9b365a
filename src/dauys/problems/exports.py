"""Public control in the public export (``ledger.export``): problems with their appeals and answers, categories,
the routing table, the photos of public problems, and the words for their statuses and kinds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest

from dauys.core.i18n import names
from dauys.ledger.export import LABELS, MEDIA, SECTIONS, chunks
from dauys.problems.api import problem_out, problems_qs, routing_list
from dauys.problems.models import Answer, Appeal, Category, Photo, Problem
from dauys.problems.selectors import PUBLIC


def problems(request: HttpRequest) -> Iterator[dict[str, Any]]:
    return (problem_out(request, p) for p in chunks(problems_qs().filter(status__in=PUBLIC)))


def categories(request: HttpRequest) -> Iterator[dict[str, Any]]:
    return ({"slug": c.slug, "name": names(c)} for c in Category.objects.order_by("pk"))


def photos() -> Iterator[str]:
    """Every size of the photos of public problems (their metadata was stripped at upload)."""
    for photo in chunks(Photo.objects.filter(problem__status__in=PUBLIC)):
        for field in (photo.original, photo.large, photo.medium, photo.thumb):
            if field.name.startswith("photos/"):
                yield field.name


SECTIONS.add("problems", problems)
SECTIONS.add("categories", categories)
SECTIONS.add("routing", lambda request: routing_list(request))
MEDIA.add("photos", photos)
LABELS.add("problem_status", lambda: {code: str(label) for code, label in Problem.Status.choices})
LABELS.add("appeal_status", lambda: {code: str(label) for code, label in Appeal.Status.choices})
LABELS.add("answer_kind", lambda: {code: str(label) for code, label in Answer.Kind.choices})
