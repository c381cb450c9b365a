"""E-mail delivery of notifications, run by the worker."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation

from dauys.core.tasks import periodic
from dauys.notifications.messages import text
from dauys.notifications.models import Notification


def _absolute(url: str) -> str:
    return settings.BASE_URL + url if url.startswith("/") else url


def send_one(notification_id: int) -> str:
    note = Notification.objects.select_related("user").filter(pk=notification_id, emailed_at__isnull=True).first()
    if note is None or not note.user.email:
        return "nothing to send"
    with translation.override(note.user.language or settings.LANGUAGE_CODE):
        message = text(note.kind, note.params)
        subject = " ".join(message.split())
        subject = subject if len(subject) <= 90 else subject[:89] + "…"
        body = message + ("\n\n" + _absolute(note.url) if note.url else "")
        send_mail(f"[Dauys] {subject}", body, None, [note.user.email])
    # Only marked after sending: a worker killed in between sends it again rather than never.
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return "sent"


@periodic(minutes=60 * 24, name="dauys.notifications.daily_digest")
def daily_digest() -> str:
    """One e-mail a day with everything not yet e-mailed, for people who chose the digest."""
    since = timezone.now() - timedelta(days=7)
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, created_at__gte=since, user__email_notifications="daily")
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = {}
    for note in pending:
        by_user.setdefault(note.user_id, []).append(note)
    for notes in by_user.values():
        user = notes[0].user
        if not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            lines = [f"- {text(n.kind, n.params)}" + (f"\n  {_absolute(n.url)}" if n.url else "") for n in notes]
            send_mail("[Dauys] " + str(translation.gettext("Your daily summary")), "\n".join(lines), None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
    return f"{len(by_user)} digests"
