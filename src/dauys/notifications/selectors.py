"""Reads of notifications: who follows what, and a person's notifications grouped by what they are about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dauys.notifications.messages import URGENT, text
from dauys.notifications.models import Follow, Notification


def followers(*targets: str) -> list[Any]:
    """The accounts following any of ``targets`` (keys: "problem:12", "place:kz-71"), each once."""
    seen: dict[int, Any] = {}
    for follow in Follow.objects.filter(target__in=targets).select_related("user").order_by("pk"):
        seen.setdefault(follow.user_id, follow.user)
    return list(seen.values())


@dataclass
class Group:
    """The notifications of one page of the list that are about one thing (a problem, by its address)."""

    title: str
    url: str
    notes: list[Notification] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return any(note.urgent for note in self.notes)  # type: ignore[attr-defined]


def grouped(notes: list[Notification]) -> list[Group]:
    """``notes`` (newest first) grouped by what each is about, the groups with an unread urgent note first.

    A note is about the object its title names (a comment's note links to the comment, an answer's to the
    problem: both name the problem); a note without a title is a group of its own. The group links to the object's
    own page where one of its notes does."""
    groups: dict[str, Group] = {}
    for note in notes:
        note.text = text(note.kind, note.params)  # type: ignore[attr-defined]
        note.urgent = note.kind in URGENT and note.read_at is None  # type: ignore[attr-defined]
        title = note.params.get("title") if isinstance(note.params, dict) else None
        key = f"title:{title}" if title else f"note:{note.pk}"
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(title=str(title or ""), url="")
        group.notes.append(note)
        if note.url and (not group.url or "/comments/" in group.url) and "/comments/" not in note.url:
            group.url = note.url
        group.url = group.url or note.url
    return sorted(groups.values(), key=lambda g: not g.urgent)  # stable: newest first within each
