"""Domain events of discussions and moderation."""

from __future__ import annotations

import dataclasses
from typing import Any

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommentEvent(Event):
    name = "comment._base"
    comment_id: int
    target: str  # the commented object's key, "problem:12"
    page: str  # the cache tag of the page that shows the discussion
    # The comment's public content after the change (``leaves.comment_content``), when the service had the comment
    # at hand; None: the public log reads it back.
    content: dict[str, Any] | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommentPosted(CommentEvent):
    name = "comment.posted"
    parent_id: int | None = None
    author_id: int | None = None  # None for a guest (not public: used to spare the writer their own notice)


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommentEdited(CommentEvent):
    name = "comment.edited"


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommentDeleted(CommentEvent):
    name = "comment.deleted"


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommentHidden(CommentEvent):
    name = "comment.hidden"
    action_id: int
    rule: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommentRestored(CommentEvent):
    name = "comment.restored"
    action_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class CommentFlagged(CommentEvent):
    name = "comment.flagged"  # who flagged is not public: no leaf, no page changes


@dataclasses.dataclass(frozen=True, kw_only=True)
class ThreadLocked(Event):
    name = "thread.locked"
    target: str
    page: str
    locked: bool
    action_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class ModerationLogged(Event):
    """A moderation action without a page of its own to refresh (a suspension, dismissed flags, an upheld removal)."""

    name = "moderation.logged"
    action_id: int
    action: str
    object_kind: str
    rule: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class RemovalAppealed(Event):
    """The author of a hidden comment (or object of another kind) appealed its removal, once; another moderator
    decides. Not a public fact: the decision is (upheld, or restored)."""

    name = "moderation.removal_appealed"
    target: str
    appeal_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class Flagged(Event):
    """Someone flagged an object of another kind than a comment for the moderators (who flagged is not public)."""

    name = "moderation.flagged"
    target: str
