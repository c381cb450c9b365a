"""Reads of notifications: who follows what."""

from __future__ import annotations

from typing import Any

from dauys.notifications.models import Follow


def followers(*targets: str) -> list[Any]:
    """The accounts following any of ``targets`` (keys: "problem:12", "place:kz-71"), each once."""
    seen: dict[int, Any] = {}
    for follow in Follow.objects.filter(target__in=targets).select_related("user").order_by("pk"):
        seen.setdefault(follow.user_id, follow.user)
    return list(seen.values())
