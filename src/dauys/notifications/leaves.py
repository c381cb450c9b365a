"""Notifications' events are not leaves of the public log: they concern one reader (``ledger.leaves``)."""

from __future__ import annotations

from dauys.ledger.leaves import not_a_leaf
from dauys.notifications.events import EmailSettingChanged, FollowChanged

not_a_leaf(EmailSettingChanged)
not_a_leaf(FollowChanged)  # who follows what is not public
