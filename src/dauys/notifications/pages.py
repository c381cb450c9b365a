"""The stored pages that notifications' events make stale (``pages.freshness``): none, a reader's settings are
shown on their own pages only, which are never stored."""

from __future__ import annotations

from dauys.notifications.events import EmailSettingChanged, FollowChanged
from dauys.pages.freshness import nothing, touches

touches(EmailSettingChanged, nothing)
touches(FollowChanged, nothing)  # who follows what is not public; each reader's button is a personal slot
