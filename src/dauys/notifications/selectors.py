"""Reads of notifications: who follows what, and a person's notifications grouped by what they are about."""

from __future__ import annotations

import re
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


# The page of the object a note is about, without its language: "/en/problems/12/" is "/problems/12/".
OBJECT_PAGE = re.compile(r"^/[a-z]{2}(/[a-z-]+/[\w-]+/)")


def _about(note: Notification) -> tuple[str, str]:
    """(key, page) of what a note is about: the object's page, which a comment's note names as its ``subject``
    (its own link goes to the comment); else its title (older notes), else the note alone."""
    params = note.params if isinstance(note.params, dict) else {}
    for url in (params.get("subject"), note.url):
        if url and "/comments/" not in url and (found := OBJECT_PAGE.match(str(url))):
            return found.group(1), str(url)
    title = params.get("title")
    return (f"title:{title}" if title else f"note:{note.pk}"), ""


def grouped(notes: list[Notification]) -> list[Group]:
    """``notes`` (newest first) grouped by what each is about, the groups with an unread urgent note first."""
    groups: dict[str, Group] = {}
    for note in notes:
        note.text = text(note.kind, note.params)  # type: ignore[attr-defined]
        note.urgent = note.kind in URGENT and note.read_at is None  # type: ignore[attr-defined]
        key, page = _about(note)
        group = groups.get(key)
        if group is None:
            title = note.params.get("title") if isinstance(note.params, dict) else None
            group = groups[key] = Group(title=str(title or ""), url=page or note.url)
        group.notes.append(note)
        if not group.title and isinstance(note.params, dict) and note.params.get("title"):
            group.title = str(note.params["title"])
    return sorted(groups.values(), key=lambda g: not g.urgent)  # stable: newest first within each
