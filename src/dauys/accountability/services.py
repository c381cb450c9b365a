"""Every write of accountability: in a transaction, emitting one domain event."""

from __future__ import annotations

from django.db import transaction

from dauys.accountability import reports
from dauys.accountability.events import ReportSubscriptionsChanged, ReportWritten
from dauys.accountability.models import Report, ReportSubscription
from dauys.accounts.models import User
from dauys.core.events import emit
from dauys.places.models import Place


@transaction.atomic
def report_write(*, kind: str, key: str, place: Place | None) -> Report:
    """Write one periodic report, as its period's figures stand now; it is kept as written and e-mailed to the
    people subscribed to it (``subscribers``). Raises IntegrityError if it exists (another worker wrote it)."""
    start, end = reports.period_of(kind, key)
    report = Report.objects.create(
        kind=kind, key=key, start=start, end=end, place=place, content=reports.build(kind, key, place)
    )
    emit(ReportWritten(report_id=report.pk, kind=kind, key=key, place=place.slug if place else None))
    return report


@transaction.atomic
def report_subscriptions_set(*, user: User, wanted: set[tuple[str, int | None]]) -> None:
    """Make the person's report subscriptions exactly ``wanted`` ({(kind, place id or None)})."""
    current = {(s.kind, s.place_id): s.pk for s in ReportSubscription.objects.filter(user=user)}
    ReportSubscription.objects.filter(pk__in=[pk for key, pk in current.items() if key not in wanted]).delete()
    ReportSubscription.objects.bulk_create(
        [ReportSubscription(user=user, kind=k, place_id=p) for k, p in wanted if (k, p) not in current],
        ignore_conflicts=True,
    )
    emit(ReportSubscriptionsChanged(user_id=user.pk))
