"""Writes on notifications."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import EMAIL_NOTIFICATIONS, User, public_id
from dauys.core.events import emit
from dauys.notifications import follows
from dauys.notifications.events import EmailSettingChanged, FollowChanged
from dauys.notifications.models import Follow, Notification
from dauys.pages import slots


def _forget_unread(user: User) -> None:
    """The count read with this request's session is out of date now (the page may be drawn after the change)."""
    slots.forget(user, "unread")


@transaction.atomic
def email_setting_set(*, user: User, email_notifications: str) -> None:
    """Choose how this account hears of what it follows by e-mail: at once, in a daily summary, or never."""
    if email_notifications not in dict(EMAIL_NOTIFICATIONS):
        raise ValidationError({"email_notifications": [_("Choose how you want to hear by e-mail.")]})
    user.email_notifications = email_notifications
    user.save(update_fields=["email_notifications"])
    emit(EmailSettingChanged(user_id=user.pk, email_notifications=email_notifications, actor=public_id(user)))


def mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    _forget_unread(user)
    return marked


def notify(*, user: User, kind: str, url: str = "", **params: Any) -> Notification | None:
    """Tell ``user`` something, in the site and (per their settings) by e-mail. Deleted accounts hear nothing."""
    if user is None or getattr(user, "is_deleted", False) or not user.is_active:
        return None
    note = Notification.objects.create(user=user, kind=kind, url=url, params=params)
    _forget_unread(user)
    if getattr(user, "email_notifications", "immediate") == "immediate" and user.email:
        from dauys.core.tasks import enqueue

        transaction.on_commit(lambda: enqueue("dauys.notifications.tasks.send_one", note.pk))
    return note


@transaction.atomic
def follow_set(*, user: User, target: str, following: bool) -> bool:
    """Follow or unfollow the public object ``target`` names ("problem:12"); return whether anything changed.

    Following needs an object that is there and public (``follows.resolve``), else ValidationError; unfollowing
    is always possible. A repeat changes nothing."""
    if following:
        if follows.resolve(target) is None:
            raise ValidationError(_("There is nothing public to follow here."))
        try:
            with transaction.atomic():
                Follow.objects.create(user=user, target=target)
        except IntegrityError:
            return False
    elif not Follow.objects.filter(user=user, target=target).delete()[0]:
        return False
    emit(FollowChanged(user_id=user.pk, target=target, following=following))
    return True
