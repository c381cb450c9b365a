"""Domain events of accountability."""

from __future__ import annotations

import dataclasses

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReportWritten(Event):
    """A periodic report was written, once its period was over (and is kept as written)."""

    name = "report.written"
    report_id: int
    kind: str  # "weekly" or "monthly"
    key: str  # "2026-W14", "2026-03"
    place: str | None  # the region's or city's slug; None for the whole country


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReportSubscriptionsChanged(Event):
    """Someone chose which reports come to their e-mail address (their own business)."""

    name = "report.subscriptions_changed"
    user_id: int
