"""Cursor pagination: ``{"items": [...], "next": <url or null>}``, stable under inserts, O(1) per page."""

from __future__ import annotations

import base64
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from dauys.api.errors import ApiError

M = TypeVar("M", bound=Model)
MAX_LIMIT = 100


def encode(value: int) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode().rstrip("=")


def decode(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return int(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_cursor", "The cursor is not valid; use the `next` URL as given.") from None


def page(
    request: HttpRequest, qs: QuerySet[M], *, cursor: str | None, limit: int, descending: bool = True
) -> tuple[list[M], str | None]:
    """A page of ``qs`` ordered by primary key, and the URL of the next one."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(
            400, "bad_limit", f"limit must be between 1 and {MAX_LIMIT}.", fields={"limit": ["out of range"]}
        )
    if cursor:
        last = decode(cursor)
        qs = qs.filter(pk__lt=last) if descending else qs.filter(pk__gt=last)
    rows = list(qs.order_by("-pk" if descending else "pk")[: limit + 1])
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        params = request.GET.copy()
        params["cursor"] = encode(rows[-1].pk)
        next_url = request.build_absolute_uri(request.path + "?" + params.urlencode())
    return rows, next_url
