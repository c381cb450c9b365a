"""Domain events of notifications. None of them is public: they concern one reader's own notices."""

from __future__ import annotations

import dataclasses

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class EmailSettingChanged(Event):
    name = "notifications.email_setting_changed"
    user_id: int
    email_notifications: str  # "immediate", "daily" or "off" (accounts.models.EMAIL_NOTIFICATIONS)


@dataclasses.dataclass(frozen=True, kw_only=True)
class FollowChanged(Event):
    name = "follow.changed"
    user_id: int
    target: str  # "problem:12", "place:kz-71", "authority:akimat-astana"
    following: bool
