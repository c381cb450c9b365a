"""Public control's open datasets (``/open-data/``; ``api.opendata``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dauys.api.opendata import DATASETS, Dataset
from dauys.problems.models import Answer, Appeal, Problem, Promise
from dauys.problems.selectors import PUBLIC


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


DATASETS.add(
    "problems",
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
)

DATASETS.add(
    "appeals",
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
            "signed",
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
)

DATASETS.add(
    "answers",
    Dataset.of(
        "answers",
        "Answers of authorities to those appeals (posted by a verified representative, received by e-mail, or copied).",
        Answer.objects.filter(appeal__problem__status__in=PUBLIC),
        (
            "pk",
            "appeal_id",
            "kind",
            "received_on",
            "by_representative",
            "via",
            "promise_due_on",
            "text",
            "refusal_reason",
        ),
    ),
)

DATASETS.add(
    "promises",
    Dataset.of(
        "promises",
        "Promises made in answers, and whether they were kept.",
        Promise.objects.filter(problem__status__in=PUBLIC),
        ("pk", "problem_id", "authority__slug", "answer_id", "due_on", "status", "settled_on"),
    ),
)
