"""What of each public event becomes a leaf: public facts only, never an e-mail address or anything private.

A leaf is ``{"v": 1, "type", "at", "object", "actor", "content_sha256", ...}``: ``object`` is the language-free
public URL of what changed (its API address), ``content_sha256`` the SHA-256 of the canonical JSON of its public
content after the change, and the event's own public fields (ids, kinds, statuses). ``actor`` is null until the
events carry their public actor (the timeline shows it meanwhile).
"""

from __future__ import annotations

import hashlib
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


def comment_content(comment_id: int) -> dict[str, Any] | None:
    """A comment's public content: its text while it is shown; never the text of a hidden or deleted one."""
    from dauys.discussions.models import Comment

    comment = Comment.objects.select_related("thread").filter(pk=comment_id).first()
    if comment is None or comment.status == Comment.Status.UNCONFIRMED:
        return None
    content: dict[str, Any] = {"target": comment.thread.target, "status": comment.status, "parent": comment.parent_id}
    if comment.status == Comment.Status.PUBLISHED:
        content["body"] = comment.body
    if comment.hidden_rule:
        content["rule"] = comment.hidden_rule
    return content


def _subject(event: Event) -> tuple[str, dict[str, Any]] | None:
    """The public object an event changed (its language-free URL) and that object's public content now."""
    problem_id = getattr(event, "problem_id", None)
    if problem_id is not None:
        content = problem_content(problem_id)
        return None if content is None else (problem_url(problem_id), content)  # a draft is nobody's business yet
    comment_id = getattr(event, "comment_id", None)
    if comment_id is not None:
        content = comment_content(comment_id)
        return None if content is None else (comment_url(comment_id), content)
    if event.name == "thread.locked":
        target = getattr(event, "target", "")
        return f"{settings.BASE_URL}/api/v1/comments?target={target}", {"target": target, "locked": event.locked}  # type: ignore[attr-defined]
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
        "actor": None,
        "content_sha256": hashlib.sha256(canonical.dumpb(content)).hexdigest(),
    }
    for name in PUBLIC_FIELDS:
        value = getattr(event, name, None)
        if value is not None and not isinstance(value, float):
            leaf[name] = value
    return leaf
