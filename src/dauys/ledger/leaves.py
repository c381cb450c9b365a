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
NOT_LEAVES = {"problem.drafted", "follow.changed", "problem.support_changed"}
PUBLIC_FIELDS = ("appeal_id", "answer_id", "complaint_id", "promise_id", "scan_id", "kind", "status", "old", "new")


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


def leaf_for(event: Event) -> dict[str, Any] | None:
    if event.name in NOT_LEAVES or event.name.startswith("account."):
        return None
    problem_id = getattr(event, "problem_id", None)
    if problem_id is None:
        return None  # events of later issues get their own mapping here
    content = problem_content(problem_id)
    if content is None:
        return None  # a draft's changes are nobody's business yet
    leaf: dict[str, Any] = {
        "v": 1,
        "type": event.name,
        "at": event.occurred_at,
        "object": problem_url(problem_id),
        "actor": None,
        "content_sha256": hashlib.sha256(canonical.dumpb(content)).hexdigest(),
    }
    for name in PUBLIC_FIELDS:
        value = getattr(event, name, None)
        if value is not None and not isinstance(value, float):
            leaf[name] = value
    return leaf
