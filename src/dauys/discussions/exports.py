"""Comments and the moderation log in the public export (``ledger.export``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest

from dauys.discussions import targets
from dauys.discussions.api import comment_out, comments_qs, moderation_out
from dauys.discussions.models import Comment, ModerationAction
from dauys.ledger.export import LABELS, SECTIONS, chunks


def comments(request: HttpRequest) -> Iterator[dict[str, Any]]:
    """The shown comments on objects that are still public."""
    return (comment_out(request, c) for c in chunks(comments_qs()) if targets.resolve(c.thread.target) is not None)


def moderation(request: HttpRequest) -> Iterator[dict[str, Any]]:
    return (moderation_out(a) for a in chunks(ModerationAction.objects.select_related("moderator")))


SECTIONS.add("comments", comments)
SECTIONS.add("moderation", moderation)
LABELS.add("comment_status", lambda: {code: str(label) for code, label in Comment.Status.choices})
