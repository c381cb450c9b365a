"""Writes on notifications."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from dauys.notifications.models import Notification

# The count of a reader's unread notices; ``{}`` is where the account's id goes (a placeholder, or ``s.user_id`` in
# the reader's statement: accounts.sessions).
UNREAD_SQL = f"SELECT COUNT(*) FROM {Notification._meta.db_table} WHERE user_id = {{}} AND read_at IS NULL"  # noqa: S608


def unread_count(user_id: int) -> int:
    """The count of unread notices. Pages read it with the reader's session (``slots.unread``); this is the rest."""
    with connection.cursor() as cursor:
        cursor.execute(UNREAD_SQL.format("%s"), [user_id])
        return int(cursor.fetchone()[0])


def _forget_unread(user: Any) -> None:
    """The count read with this request's session is out of date now (the page may be drawn after the change)."""
    values = getattr(user, "reader_values", None)
    if values is not None:
        values.pop("unread", None)


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
