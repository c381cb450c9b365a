"""Correspondence's background jobs: polling the replies' mailbox, and telling an applicant a reply came."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dauys.core.i18n import names
from dauys.core.tasks import periodic
from dauys.notifications.messages import message

logger = logging.getLogger(__name__)

message(
    "reply.received",
    _("%(authority)s replied by e-mail about “%(title)s”. Review the reply: it is published once you have."),
    urgent=True,
)


def tell_the_applicant(mail_id: int) -> str:
    from dauys.correspondence.models import IncomingMail
    from dauys.notifications.services import notify

    mail = IncomingMail.objects.select_related("appeal__authority", "appeal__problem").filter(pk=mail_id).first()
    if mail is None or mail.appeal is None or mail.status != IncomingMail.Status.REVIEW:
        return "nothing to tell"
    appeal = mail.appeal
    notify(
        user=appeal.subject_author,
        kind="reply.received",
        url=reverse("correspondence:review", args=[mail.pk]),
        authority=names(appeal.authority),
        title=appeal.subject_title,
    )
    return "told"


message(
    "appeal.bounced",
    _(
        "The e-mail of your appeal to %(authority)s about “%(title)s” came back undelivered: the body did not get "
        "it. Send it another way (eOtinish, or on paper) and record that you did."
    ),
    urgent=True,
)
message(
    "mail.bounced",
    _("The e-mail of appeal %(reference)s to %(authority)s came back undelivered: check the body's address."),
    urgent=True,
)


@transaction.atomic  # all told or none: a worker killed half-way runs it again, and nobody hears it twice
def tell_of_the_bounce(mail_id: int, applicant: bool = True) -> str:
    """An appeal's e-mail came back: an operator checks the body's address, and when it was the appeal itself (not
    a reminder), its applicant sends it another way."""
    from dauys.accounts.models import User
    from dauys.correspondence.models import IncomingMail
    from dauys.notifications.services import notify

    mail = IncomingMail.objects.select_related("appeal__authority", "appeal__problem").filter(pk=mail_id).first()
    if mail is None or mail.appeal is None or mail.reason != IncomingMail.Reason.BOUNCE:
        return "nothing to tell"
    appeal = mail.appeal
    if applicant:
        notify(
            user=appeal.subject_author,
            kind="appeal.bounced",
            url=appeal.subject_url,
            authority=names(appeal.authority),
            title=appeal.subject_title,
        )
    operators = User.objects.filter(is_staff=True, is_active=True).order_by("pk")
    for operator in operators:
        notify(
            user=operator,
            kind="mail.bounced",
            url=reverse("admin:correspondence_incomingmail_change", args=[mail.pk]),
            reference=appeal.reference,
            authority=names(appeal.authority),
        )
    return f"told {'the applicant and ' if applicant else ''}{len(operators)} operators"


@periodic(minutes=2, name="dauys.correspondence.poll")
def poll() -> str:
    """Take in the replies waiting in the mailbox of DAUYS_MAIL_IMAP_URL (nothing when it is not set)."""
    if not settings.DAUYS_MAIL_IMAP_URL:
        return "no mailbox configured"
    import imaplib

    from dauys.correspondence.imap import poll_mailbox

    try:
        # A burst (a body answering a campaign) is taken in over several passes, none outlasting the interval.
        return str(poll_mailbox(settings.DAUYS_MAIL_IMAP_URL, seconds=100))
    except (imaplib.IMAP4.error, OSError) as exc:
        logger.warning("the replies' mailbox failed: %s", type(exc).__name__)
        return f"the mailbox failed ({type(exc).__name__}): the rest waits for the next pass"


@periodic(minutes=60 * 24, name="dauys.correspondence.sweep")
def sweep() -> str:
    """Remove the raw files of messages never stored (a rollback, a killed worker) a day on."""
    from dauys.correspondence.services import sweep as remove

    return f"{remove()} raw files without a message removed"
