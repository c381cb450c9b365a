"""Periodic jobs of accounts (imported at start-up: ``core.seams``)."""

from __future__ import annotations

from allauth.account.models import EmailConfirmation
from django.utils import timezone

from dauys.accounts.models import Session
from dauys.core.tasks import periodic


@periodic(minutes=60, name="dauys.accounts.housekeeping")
def housekeeping() -> str:
    """Delete expired sessions and expired e-mail confirmations, which hold personal data for no use."""
    sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    confirmations = EmailConfirmation.objects.all_expired().delete()[0]
    return f"deleted {sessions} sessions, {confirmations} e-mail confirmations"
