"""What of each public event becomes a leaf: public facts only, never an e-mail address or anything private.

A leaf is ``{"v": 1, "type", "at", "object", "actor", "content_sha256", ...}``: ``object`` is the language-free
public URL of what changed (its API address), ``content_sha256`` the SHA-256 of the canonical JSON of its public
content after the change, and the event's own public fields (ids, kinds, statuses). ``actor`` is the public id of
the account that acted (its ``/people/<id>/`` handle), or null for the instance itself, a guest, or an author who
hid their name.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from django.conf import settings

from dauys.core.events import Event
from dauys.ledger import canonical

# Events that are not public (drafts, who follows what), or that reach the log another way (supports: as hourly
# count checkpoints, not one leaf per click).
NOT_LEAVES = {"problem.drafted", "follow.changed", "problem.support_changed", "comment.flagged"}
PUBLIC_FIELDS = (
    "appeal_id",
    "answer_id",
    "complaint_id",
    "promise_id",
    "scan_id",
    "comment_id",
    "parent_id",
    "action_id",
    "action",
    "object_kind",
    "rule",
    "locked",
    "target",
    "kind",
    "status",
    "old",
    "new",
    "slug",
    "created",
    "fields",
    "category",
    "place",
    "authority",
    "rule_id",
    "removed",
    "supports_count",
)


def problem_url(problem_id: int) -> str:
    return f"{settings.BASE_URL}/api/v1/problems/{problem_id}"


def problem_content(problem_id: int) -> dict[str, Any] | None:
    from dauys.problems.models import Problem

    problem = Problem.objects.select_related("category", "place").filter(pk=problem_id).first()
    if problem is None or not problem.is_public:
        return None
    return {
        "title": problem.title,
        "body": problem.body,
        "status": problem.status,
        "category": problem.category.slug,
        "place": problem.place.slug,
    }


def comment_url(comment_id: int) -> str:
    return f"{settings.BASE_URL}/api/v1/comments/{comment_id}"


_written = threading.local()


def just_written(comment: Any) -> None:
    """The comment this thread has just saved and is about to announce: its leaf is built from it (with its
    discussion in memory) instead of reading it back. Set right before ``emit``; used once."""
    _written.comment = comment


def comment_content(comment_id: int) -> dict[str, Any] | None:
    """A comment's public content: its text while it is shown; never the text of a hidden or deleted one."""
    from dauys.discussions.models import Comment

    comment = getattr(_written, "comment", None)
    _written.comment = None
    if comment is None or comment.pk != comment_id:
        comment = Comment.objects.select_related("thread").filter(pk=comment_id).first()
    if comment is None or comment.status == Comment.Status.UNCONFIRMED:
        return None
    content: dict[str, Any] = {"target": comment.thread.target, "status": comment.status, "parent": comment.parent_id}
    if comment.status == Comment.Status.PUBLISHED:
        content["body"] = comment.body
    if comment.hidden_rule:
        content["rule"] = comment.hidden_rule
    return content


def authority_content(authority_id: int) -> dict[str, Any]:
    """What the public sees of an authority, including where appeals to it are sent."""
    from dauys.authorities.models import Authority

    a = Authority.objects.select_related("place", "parent", "response_rule").get(pk=authority_id)
    return {
        "slug": a.slug,
        "kind": a.kind,
        "name": {"kk": a.name_kk, "ru": a.name_ru, "en": a.name_en},
        "place": a.place.slug if a.place_id else None,  # type: ignore[union-attr]
        "parent": a.parent.slug if a.parent_id else None,  # type: ignore[union-attr]
        "email": a.email,
        "website": a.website,
        "portal_url": a.portal_url,
        "address": a.address,
        "accepts_complaints": a.accepts_complaints,
        "is_active": a.is_active,
        "response_rule": a.response_rule.slug,
    }


def place_subject(place_id: int) -> tuple[str, dict[str, Any]]:
    from dauys.places.models import Place

    p = Place.objects.select_related("parent").get(pk=place_id)
    content = {
        "slug": p.slug,
        "code": p.code,
        "kind": p.kind,
        "name": {"kk": p.name_kk, "ru": p.name_ru, "en": p.name_en},
        "parent": p.parent.slug if p.parent_id else None,  # type: ignore[union-attr]
    }
    return f"{settings.BASE_URL}/api/v1/places/{p.slug}", content


def _subject(event: Event) -> tuple[str, dict[str, Any]] | None:
    """The public object an event changed (its language-free URL) and that object's public content now."""
    problem_id = getattr(event, "problem_id", None)
    if problem_id is not None:
        content = problem_content(problem_id)
        if content is None and getattr(event, "new", None) == "removed":
            # A removal is itself a public fact: the log keeps that it happened, not the removed text.
            return problem_url(problem_id), {"status": "removed"}
        return None if content is None else (problem_url(problem_id), content)  # a draft is nobody's business yet
    comment_id = getattr(event, "comment_id", None)
    if comment_id is not None:
        content = comment_content(comment_id)
        return None if content is None else (comment_url(comment_id), content)
    if event.name == "thread.locked":
        target = getattr(event, "target", "")
        return f"{settings.BASE_URL}/api/v1/comments?target={target}", {"target": target, "locked": event.locked}  # type: ignore[attr-defined]
    if event.name == "authority.changed":
        slug = event.slug  # type: ignore[attr-defined]
        return f"{settings.BASE_URL}/api/v1/authorities/{slug}", authority_content(event.authority_id)  # type: ignore[attr-defined]
    if event.name == "place.changed":
        return place_subject(event.place_id)  # type: ignore[attr-defined]
    if event.name == "routing.changed":
        rule = {k: getattr(event, k) for k in ("category", "place", "authority")}
        return f"{settings.BASE_URL}/api/v1/routing#{event.rule_id}", rule  # type: ignore[attr-defined]
    action_id = getattr(event, "action_id", None)
    if action_id is not None:
        return f"{settings.BASE_URL}/api/v1/moderation/{action_id}", {"action_id": action_id}
    return None  # events of later issues get their own mapping here


def leaf_for(event: Event) -> dict[str, Any] | None:
    if event.name in NOT_LEAVES or event.name.startswith("account."):
        return None
    subject = _subject(event)
    if subject is None:
        return None
    url, content = subject
    leaf: dict[str, Any] = {
        "v": 1,
        "type": event.name,
        "at": event.occurred_at,
        "object": url,
        "actor": event.actor,
        "content_sha256": hashlib.sha256(canonical.dumpb(content)).hexdigest(),
    }
    for name in PUBLIC_FIELDS:
        value = getattr(event, name, None)
        if value is not None and not isinstance(value, float):
            leaf[name] = value
    return leaf
