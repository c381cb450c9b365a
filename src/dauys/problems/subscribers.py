"""Reactions of public control to its own events."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation

from dauys.core.events import subscriber
from dauys.problems.events import AppealQueued


@subscriber(AppealQueued, as_task=True)
def deliver_appeal(event: AppealQueued) -> None:
    """E-mail a queued appeal to the authority's public address (in a worker, retried on failure)."""
    from dauys.problems.models import Appeal
    from dauys.problems.services import appeal_mark_sent

    appeal = Appeal.objects.select_related("problem", "authority").get(pk=event.appeal_id)
    if appeal.status != Appeal.Status.QUEUED:
        return
    problem = appeal.problem
    url = settings.BASE_URL + problem.get_absolute_url()
    with translation.override("ru"):
        body = appeal.message or (
            f"{problem.title}\n\n{problem.body}\n\n"
            f"Обращение {appeal.reference}, опубликовано на Dauys: {url}\n"
            f"Appeal {appeal.reference}, published on Dauys: {url}"
        )
    message = EmailMessage(
        subject=f"[{appeal.reference}] {problem.title}",
        body=body,
        to=[appeal.authority.email],
        headers={"X-Dauys-Reference": appeal.reference},
    )
    for photo in problem.photos.all():
        message.attach(photo.large.name.rsplit("/", 1)[-1], photo.large.read())
    message.send()
    appeal_mark_sent(appeal=appeal, sent_on=timezone.localdate(), message=body)
