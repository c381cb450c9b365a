"""Reads of discussions shaped for pages and the API."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q, QuerySet

from dauys.discussions import moderatable, spam, targets
from dauys.discussions.models import Comment, Flag, ModerationAction, RemovalAppeal, Rule, Thread

PER_PAGE = 50
SHOWN = [Comment.Status.PUBLISHED, Comment.Status.DELETED, Comment.Status.HIDDEN]


@dataclass
class Discussion:
    target: targets.Target
    thread: Thread | None
    page: Page | None
    replies: dict[int, list[Comment]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.thread.comments_count if self.thread else 0

    @property
    def locked(self) -> bool:
        return bool(self.thread and self.thread.locked)

    @cached_property
    def comments(self) -> list[Comment]:
        if self.page is None:
            return []
        shown = list(self.page.object_list)
        for comment in shown:
            comment.shown_replies = self.replies.get(comment.pk, [])
        return shown


def _with_writer(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    return queryset.select_related("author").defer("body", "guest_email")


_MAX_PAGES = 500
_pages_lock = threading.Lock()
_pages: OrderedDict[tuple[str, str], tuple[tuple[int, int], float, Discussion]] = OrderedDict()


def discussion(target: targets.Target, *, page: Any = 1) -> Discussion:
    """One page of a discussion (see ``_discussion``), kept in this process while nothing in it changes.

    Every comment event bumps the cache tag of the page showing its discussion (``pages.cache``), so a kept
    page is used only while that tag (read at most once a second) and the global generation are unchanged, and
    for at most ``PAGE_CACHE_SECONDS`` (a writer's new display name). A guest's form (a fresh challenge each
    time) and an author's own page cannot come from a stored copy, but their comments can.
    """
    from dauys.pages import cache as pagecache

    if settings.PAGE_CACHE_SECONDS <= 0:
        return _discussion(target, page=page)
    key = (target.key, str(page))
    version = (pagecache.store.current_generation(), pagecache.store.tag_generation(target.page_tag))
    now = time.monotonic()
    with _pages_lock:
        kept = _pages.get(key)
        if kept is not None and kept[0] == version and now - kept[1] <= settings.PAGE_CACHE_SECONDS:
            _pages.move_to_end(key)
            return kept[2]
    found = _discussion(target, page=page)
    found.comments  # noqa: B018 (evaluate the page and attach the replies before it is shared between threads)
    with _pages_lock:
        _pages[key] = (version, now, found)
        while len(_pages) > _MAX_PAGES:
            _pages.popitem(last=False)
    return found


def forget_kept_pages() -> None:
    with _pages_lock:
        _pages.clear()


def _discussion(target: targets.Target, *, page: Any = 1) -> Discussion:
    """One page of a discussion: top-level comments oldest first (tombstones keep their place) and their replies.

    Two queries for the comments whatever the size of the discussion: the page (by the (thread, parent,
    created_at) index) and the replies of that page's comments.
    """
    thread = Thread.objects.filter(target=target.key).first()
    if thread is None:
        return Discussion(target=target, thread=None, page=None)
    top = _with_writer(thread.comments.filter(parent__isnull=True, status__in=SHOWN)).order_by("created_at", "pk")
    current = Paginator(top, PER_PAGE).get_page(page)
    ids = [c.pk for c in current.object_list]
    replies: dict[int, list[Comment]] = {}
    if ids:
        for reply in _with_writer(Comment.objects.filter(parent_id__in=ids, status__in=SHOWN)).order_by(
            "created_at", "pk"
        ):
            replies.setdefault(reply.parent_id, []).append(reply)  # type: ignore[arg-type]
    return Discussion(target=target, thread=thread, page=current, replies=replies)


def page_of(comment: Comment) -> int:
    """The page of its discussion on which a comment (or the comment it replies to) is shown."""
    top = comment.parent if comment.parent_id else comment
    before = Comment.objects.filter(
        Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk),  # type: ignore[union-attr]
        thread_id=comment.thread_id,
        parent__isnull=True,
        status__in=SHOWN,
    ).count()
    return before // PER_PAGE + 1


def counts(keys: list[str]) -> dict[str, int]:
    """Published comments per target key (for links such as "3 comments on this answer")."""
    return dict(Thread.objects.filter(target__in=keys).values_list("target", "comments_count"))


def moderation_queue() -> dict[str, Any]:
    """Comments with open flags, most flagged and oldest first; removal appeals waiting for a decision."""
    open_by_key = list(
        Flag.objects.filter(resolved_at__isnull=True)
        .values("target")
        .annotate(open_flags=Count("pk"), first_flag=Min("created_at"))
        .order_by("-open_flags", "first_flag", "target")[:100]
    )
    rules = _open_flags([row["target"] for row in open_by_key])
    comment_ids = [int(row["target"][8:]) for row in open_by_key if row["target"].startswith("comment:")]
    comments = Comment.objects.filter(pk__in=comment_ids, status=Comment.Status.PUBLISHED).select_related(
        "author", "thread"
    )
    shown = {comment.pk: comment for comment in comments}
    flagged, others = [], []
    found = moderatable.find_all(row["target"] for row in open_by_key if not row["target"].startswith("comment:"))
    for row in open_by_key:
        key = row["target"]
        if key.startswith("comment:"):
            comment = shown.get(int(key[8:]))
            if comment is not None:
                comment.open_flags, comment.flag_rules = row["open_flags"], rules.get(key, [])  # type: ignore[attr-defined]
                flagged.append(comment)
            continue
        kind, obj = found.get(key, (None, None))
        if kind is not None and kind.state(obj) == moderatable.SHOWN:
            others.append(kind.item(obj) | {"open_flags": row["open_flags"], "flag_rules": rules.get(key, [])})
    held = list(
        Comment.objects.filter(status=Comment.Status.HELD)
        .select_related("author", "thread")
        .order_by("created_at")[:100]
    )
    for waiting in held:
        waiting.reasons = spam.explain(waiting.held_for)  # type: ignore[attr-defined]
    return {
        "flagged": flagged,
        "others": others,
        "rules": Rule.choices,
        "appeals": _removal_appeals(),
        "held": held,
        "others_held": [
            kind.item(obj) for kind in moderatable.kinds.values() if kind.held is not None for obj in kind.held(100)
        ],
    }


def _removal_appeals() -> list[RemovalAppeal]:
    """The pending appeals, oldest first, each with what it is about: ``comment`` (shown with its text), or
    ``item`` (the title and page of an object of another kind)."""
    appeals = list(
        RemovalAppeal.objects.filter(outcome=RemovalAppeal.Outcome.PENDING).order_by("created_at", "pk")[:100]
    )
    comment_ids = [int(a.target[8:]) for a in appeals if a.target.startswith("comment:")]
    comments = Comment.objects.select_related("author", "thread").in_bulk(comment_ids)
    found = moderatable.find_all(a.target for a in appeals if not a.target.startswith("comment:"))
    for appeal in appeals:
        name, _, ref = appeal.target.partition(":")
        appeal.comment = comments.get(int(ref)) if name == "comment" else None  # type: ignore[attr-defined]
        kind, obj = found.get(appeal.target, (None, None))
        appeal.item = kind.item(obj) if kind is not None else None  # type: ignore[attr-defined]
    return [a for a in appeals if a.comment is not None or a.item is not None]  # type: ignore[attr-defined]


def moderation_log() -> QuerySet[ModerationAction]:
    return ModerationAction.objects.select_related("moderator").order_by("-created_at", "-pk")


def open_flags(comment: Comment) -> list[tuple[str, int]]:
    """How many open flags name each rule (for moderators; who flagged is never shown)."""
    key = f"comment:{comment.pk}"
    return _open_flags([key]).get(key, [])


def _open_flags(keys: list[str]) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = {}
    rows = (
        Flag.objects.filter(target__in=keys, resolved_at__isnull=True)
        .values_list("target", "rule")
        .annotate(n=Count("pk"))
        .order_by("target", "rule")
    )
    for key, rule, n in rows:
        found.setdefault(key, []).append((str(Rule(rule).label), n))
    return found
