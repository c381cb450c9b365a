"""Mail that reached Dauys: replies of bodies to appeals, and what an operator must look at (docs/authorities-side.md).

A message is kept as it came (``raw``, in the private store: it quotes the applicant's name and address) and once
only (``sha256``: a poll or a delivery repeated after a fault stores nothing new). Its text and its attachments are
read from it again whenever they are shown, and what is published goes through the same cleaning as an upload.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dauys.core.storage import private_storage


class IncomingMail(models.Model):
    class Status(models.TextChoices):
        REVIEW = "review", _("awaiting the applicant's review")
        PUBLISHED = "published", _("published as an answer")
        DISMISSED = "dismissed", _("not an answer")
        QUEUED = "queued", _("queued for an operator")
        DISCARDED = "discarded", _("discarded by an operator")

    class Reason(models.TextChoices):
        """Why a message waits for an operator instead of its applicant (nothing queued is ever published)."""

        UNKNOWN_ADDRESS = "unknown_address", _("it reached no appeal's reply address")
        UNEXPECTED_SENDER = "unexpected_sender", _("the sender is neither the body nor the applicant")
        DKIM_FAILED = "dkim_failed", _("its DKIM signature does not verify")
        OTHER_REFERENCE = "other_reference", _("it names another appeal's reference")
        BOUNCE = "bounce", _("a delivery failure (bounce)")
        AUTOMATIC = "automatic", _("an automatic reply (out of office, an acknowledgement of receipt)")
        TOO_LARGE = "too_large", _("larger than Dauys takes")
        MALFORMED = "malformed", _("its MIME structure cannot be read")

    sha256 = models.CharField(max_length=64, unique=True)
    raw = models.FileField(upload_to="mail/%Y/%m/", storage=private_storage, blank=True)
    size = models.PositiveIntegerField()
    message_id = models.CharField(max_length=998, blank=True)
    recipient = models.CharField(_("to"), max_length=320, blank=True)
    sender = models.CharField(_("from"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    dkim = models.CharField(_("DKIM"), max_length=10, blank=True)  # "pass", "fail" or "" (not signed)
    appeal = models.ForeignKey(
        "problems.Appeal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("appeal")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    answer = models.ForeignKey(
        "problems.Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answer")
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("incoming mail")
        verbose_name_plural = _("incoming mail")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["appeal", "status"], name="corr_mail_appeal_status")]

    def __str__(self) -> str:
        return f"mail {self.pk}: {self.status}"

    def get_absolute_url(self) -> str:
        """Its review page (the admin's "view on site"): to its applicant, and to moderators."""
        return reverse("correspondence:review", args=[self.pk])
