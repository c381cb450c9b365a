"""The stored pages that discussions' events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.discussions.events import (
    CommentEvent,
    CommentFlagged,
    CommentHidden,
    CommentRestored,
    Flagged,
    ModerationLogged,
    RemovalAppealed,
    ThreadLocked,
)
from dauys.discussions.views import GUEST_COOKIE
from dauys.pages.cache import private_cookie
from dauys.pages.freshness import nothing, touches

LOG = "moderation:log"


def _discussion(event: CommentEvent) -> tuple[str, ...]:
    return (event.page, f"comment:{event.comment_id}")


touches(CommentEvent, _discussion)  # posted, edited, deleted: the discussion's page and the comment's own
touches(CommentHidden, lambda event: (*_discussion(event), LOG))
touches(CommentRestored, lambda event: (*_discussion(event), LOG))
touches(CommentFlagged, nothing)  # flags are for moderators, not shown on public pages
touches(Flagged, nothing)
touches(ThreadLocked, lambda event: (event.page, LOG))
touches(ModerationLogged, lambda event: (LOG,))
touches(RemovalAppealed, lambda event: (event.target,))  # the object's page says it is appealed

# A guest's remembered name and address fill the comment form: their pages are their own.
private_cookie(GUEST_COOKIE)
