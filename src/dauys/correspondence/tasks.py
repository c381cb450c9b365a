"""Correspondence's background jobs: polling the replies' mailbox, and telling an applicant a reply came."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dauys.core.i18n import names
from dauys.core.tasks import periodic
from dauys.notifications.messages import message

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


@periodic(minutes=2, name="dauys.correspondence.poll")
def poll() -> str:
    """Take in the replies waiting in the mailbox of DAUYS_MAIL_IMAP_URL (nothing when it is not set)."""
    if not settings.DAUYS_MAIL_IMAP_URL:
        return "no mailbox configured"
    from dauys.correspondence.imap import poll_mailbox

    return str(poll_mailbox(settings.DAUYS_MAIL_IMAP_URL))
