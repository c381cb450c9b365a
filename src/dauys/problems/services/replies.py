"""A reply by e-mail, as public control sees it: the clock stops on the day the body sent it, and the public learns
only that an answer came and awaits the applicant's review (``correspondence`` keeps the reply itself)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from dauys.core.events import emit
from dauys.problems.events import AppealReplyReceived, AppealReplySettled
from dauys.problems.models import Appeal
from dauys.problems.services.timeline import record_appeal


@transaction.atomic
def appeal_reply_received(*, appeal: Appeal, sent_on: date) -> Appeal:
    """A reply the body sent on ``sent_on`` reached the appeal's address. The earliest such day counts."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("problem", "authority").get(pk=appeal.pk)
    if appeal.reply_received_on is not None and appeal.reply_received_on <= sent_on:
        return appeal
    appeal.reply_received_on = sent_on
    appeal.save(update_fields=["reply_received_on", "updated_at"])
    record_appeal(appeal, "appeal:reply_received", sent_on=sent_on.isoformat())
    emit(AppealReplyReceived.of(appeal, sent_on=sent_on.isoformat()))
    return appeal


@transaction.atomic
def appeal_reply_settled(*, appeal: Appeal) -> Appeal:
    """No reply awaits review, and none was the answer (an answer recorded clears the stop itself): the clock runs
    again, and a deadline that passed meanwhile makes the appeal overdue at the next monitoring pass."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("problem", "authority").get(pk=appeal.pk)
    if appeal.reply_received_on is None:
        return appeal
    appeal.reply_received_on = None
    appeal.save(update_fields=["reply_received_on", "updated_at"])
    emit(AppealReplySettled.of(appeal))
    return appeal
