"""Writes on notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dauys.notifications.models import Notification


def notify(*, user: Any, kind: str, url: str = "", **params: Any) -> Notification | None:
    """Tell ``user`` something, in the site and (per their settings) by e-mail. Deleted accounts hear nothing."""
    if user is None or getattr(user, "is_deleted", False) or not user.is_active:
        return None
    note = Notification.objects.create(user=user, kind=kind, url=url, params=params)
    if getattr(user, "email_notifications", "immediate") == "immediate" and user.email:
        from dauys.core.tasks import enqueue

        transaction.on_commit(lambda: enqueue("dauys.notifications.tasks.send_one", note.pk))
    return note
