"""The stored pages that accountability's events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.accountability.events import ReportSubscriptionsChanged, ReportWritten
from dauys.pages.freshness import lists_only, nothing, touches

touches(ReportWritten, lists_only)  # the list of reports and the feed
touches(ReportSubscriptionsChanged, nothing)  # a person's own choice, on their own page
