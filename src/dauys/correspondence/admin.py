"""The operators' queue of incoming mail: what matched no appeal, bounces, and what failed a check."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dauys.correspondence import services
from dauys.correspondence.models import IncomingMail


@admin.register(IncomingMail)
class IncomingMailAdmin(admin.ModelAdmin):
    list_display = ["received_at", "status", "reason", "sender", "subject", "appeal"]
    list_filter = ["status", "reason", "dkim"]
    search_fields = ["subject", "sender", "recipient", "message_id"]
    # The message itself is in the private store, which has no address: an operator reads it on the server.
    exclude = ["raw"]
    readonly_fields = [f.name for f in IncomingMail._meta.fields if f.name != "raw"]
    actions = ["release", "discard"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: IncomingMail | None = None) -> bool:
        return False  # a message is kept as it came; an operator discards it, which is recorded

    @admin.action(description=_("Send to the appeal's applicant for review (the reply is the body's after all)"))
    def release(self, request: HttpRequest, queryset: QuerySet[IncomingMail]) -> None:
        released, refused = 0, 0
        for mail in queryset:
            try:
                services.mail_release(mail=mail)
                released += 1
            except ValidationError:
                refused += 1
        self.message_user(request, _("%(n)d sent for review, %(m)d could not be.") % {"n": released, "m": refused})

    @admin.action(description=_("Discard (nothing is published; the message is kept)"))
    def discard(self, request: HttpRequest, queryset: QuerySet[IncomingMail]) -> None:
        queryset.filter(status=IncomingMail.Status.QUEUED).update(
            status=IncomingMail.Status.DISCARDED, reviewed_at=timezone.now()
        )
