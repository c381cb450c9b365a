"""Rendered comments, kept in each process by what they show.

A page of a long discussion is 50 comments and their replies; rendering them through the template engine is most
of the page's cost, and a discussion page is rendered again whenever its discussion changes (a new comment) or
the reader cannot get a stored copy (a guest's form carries a fresh challenge; an author sees their own page).
What a comment looks like depends only on the comment, its replies, the language and the time zone, so its HTML
is kept under a hash of exactly those: a changed comment (edited, deleted, hidden, restored, its writer renamed)
gets a new key and the old fragment simply falls out of the LRU. Nothing to invalidate, nothing shared between
processes, nothing personal (a fragment is what every reader sees).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from dauys.discussions.models import Comment

MAX_FRAGMENTS = 20_000  # about 1 KB each: ~20 MB per process at most
TEMPLATE = "discussions/_comment.html"

_lock = threading.Lock()
_fragments: OrderedDict[str, str] = OrderedDict()


def _key(comment: Comment, replies: list[str]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    parts = (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        comment.pk,
        comment.status,
        comment.hidden_rule,
        comment.created_at.isoformat(),
        comment.edited_at.isoformat() if comment.edited_at else "",
        comment.public_name if comment.shows_body else "",
        comment.is_guest,
        comment.body_html if comment.shows_body else "",
        *replies,
    )
    for part in parts:
        digest.update(str(part).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def _get(key: str) -> str | None:
    with _lock:
        html = _fragments.get(key)
        if html is not None:
            _fragments.move_to_end(key)
        return html


def _put(key: str, html: str) -> None:
    with _lock:
        _fragments[key] = html
        while len(_fragments) > MAX_FRAGMENTS:
            _fragments.popitem(last=False)


def clear() -> None:
    with _lock:
        _fragments.clear()


def _render(comment: Comment, replies: list[Comment]) -> tuple[str, str]:
    """(key, html) of one comment with its replies."""
    rendered = [_render(reply, []) for reply in replies]
    key = _key(comment, [k for k, _ in rendered])
    html = _get(key)
    if html is None:
        html = get_template(TEMPLATE).render(
            {"comment": comment, "replies_html": mark_safe("".join(h for _, h in rendered))}  # noqa: S308 (our own render)
        )
        _put(key, html)
    return key, html


def render_comments(comments: Iterable[Comment]) -> SafeString:
    """The HTML of top-level comments, each with the replies in its ``shown_replies``."""
    return mark_safe("".join(_render(c, getattr(c, "shown_replies", []))[1] for c in comments))  # noqa: S308
