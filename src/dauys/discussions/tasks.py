"""Background work of discussions."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from dauys.core.tasks import periodic
from dauys.discussions.models import Comment


def send_confirmation(comment_id: int, token: str, language: str) -> None:
    """E-mail a guest the link that publishes their comment (the address is used here and nowhere else)."""
    comment = Comment.objects.select_related("thread").filter(pk=comment_id, status=Comment.Status.UNCONFIRMED).first()
    if comment is None or not comment.guest_email:
        return
    with translation.override(language):
        link = settings.BASE_URL + reverse("discussions:confirm", kwargs={"token": token})
        context = {"comment": comment, "link": link, "site": settings.BASE_URL}
        subject = render_to_string("discussions/confirm_subject.txt", context).strip()
        body = render_to_string("discussions/confirm_email.txt", context)
    send_mail(subject, body, None, [comment.guest_email])


@periodic(minutes=60, name="dauys.discussions.forget_unconfirmed")
def forget_unconfirmed() -> str:
    """Delete guests' comments never confirmed within the link's lifetime, with the address they were sent to."""
    from datetime import timedelta

    from django.utils import timezone

    from dauys.discussions.services import CONFIRM_MAX_AGE

    cutoff = timezone.now() - timedelta(seconds=CONFIRM_MAX_AGE)
    deleted, _ = Comment.objects.filter(status=Comment.Status.UNCONFIRMED, created_at__lt=cutoff).delete()
    return f"deleted {deleted} unconfirmed guest comments"
