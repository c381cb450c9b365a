"""Writes on notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from dauys.accounts.backends import fetch_with_account, fetched_with
from dauys.notifications.models import Notification

# Every signed-in page shows the unread count: with Redis it is kept there, dropped when it changes, and read
# together with the signed-in account.
UNREAD_KEY = "notifications:unread:{}"
UNREAD_SECONDS = 60


fetch_with_account(UNREAD_KEY)


def unread_count(user_id: int, *, user: Any = None) -> int:
    """``user``: the signed-in account, if at hand (it comes with the count, read in the same round trip)."""

    def count() -> int:  # written out: without Redis every signed-in page runs it
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {Notification._meta.db_table} WHERE user_id = %s AND read_at IS NULL",  # noqa: S608
                [user_id],
            )
            return int(cursor.fetchone()[0])

    if not settings.CACHE_IS_FAST:
        return count()
    key = UNREAD_KEY.format(user_id)
    fetched, cached = fetched_with(user, key)
    if not fetched:
        cached = cache.get(key)
    if cached is None:
        cached = count()
        cache.set(key, cached, UNREAD_SECONDS)
    return int(cached)


def _forget_unread(user_id: int) -> None:
    transaction.on_commit(lambda: cache.delete(UNREAD_KEY.format(user_id)))


def mark_all_read(*, user: Any) -> int:
    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    _forget_unread(user.pk)
    return marked


def notify(*, user: Any, kind: str, url: str = "", **params: Any) -> Notification | None:
    """Tell ``user`` something, in the site and (per their settings) by e-mail. Deleted accounts hear nothing."""
    if user is None or getattr(user, "is_deleted", False) or not user.is_active:
        return None
    note = Notification.objects.create(user=user, kind=kind, url=url, params=params)
    _forget_unread(user.pk)
    if getattr(user, "email_notifications", "immediate") == "immediate" and user.email:
        from dauys.core.tasks import enqueue

        transaction.on_commit(lambda: enqueue("dauys.notifications.tasks.send_one", note.pk))
    return note
