"""Accountability's events are not leaves of the public log (``ledger.leaves``): a report is figures derived from
what the log holds already, and who subscribes to what is nobody's business."""

from __future__ import annotations

from dauys.accountability.events import ReportSubscriptionsChanged, ReportWritten
from dauys.ledger.leaves import not_a_leaf

not_a_leaf(ReportWritten)
not_a_leaf(ReportSubscriptionsChanged)
