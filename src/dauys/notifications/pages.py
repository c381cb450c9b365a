"""The stored pages that notifications' events make stale (``pages.freshness``): none, a reader's settings are
shown on their own pages only, which are never stored."""

from __future__ import annotations

from dauys.notifications.events import EmailSettingChanged
from dauys.pages.freshness import nothing, touches

touches(EmailSettingChanged, nothing)
