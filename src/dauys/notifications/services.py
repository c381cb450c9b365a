"""Writes on notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dauys.notifications.models import Notification
from dauys.pages import slots


def _forget_unread(user: Any) -> None:
    """The count read with this request's session is out of date now (the page may be drawn after the change)."""
    slots.forget(user, "unread")


def mark_all_read(*, user: Any) -> int:
    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    _forget_unread(user)
    return marked


def notify(*, user: Any, kind: str, url: str = "", **params: Any) -> Notification | None:
    """Tell ``user`` something, in the site and (per their settings) by e-mail. Deleted accounts hear nothing."""
    if user is None or getattr(user, "is_deleted", False) or not user.is_active:
        return None
    note = Notification.objects.create(user=user, kind=kind, url=url, params=params)
    _forget_unread(user)
    if getattr(user, "email_notifications", "immediate") == "immediate" and user.email:
        from dauys.core.tasks import enqueue

        transaction.on_commit(lambda: enqueue("dauys.notifications.tasks.send_one", note.pk))
    return note
