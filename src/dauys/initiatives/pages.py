"""The stored pages that the initiatives' events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.initiatives.events import InitiativeChanged, InitiativeCreated, MembershipChanged
from dauys.pages.freshness import LISTS, touches

touches(InitiativeCreated, lambda e: (LISTS, f"initiative:{e.initiative_id}"))
touches(InitiativeChanged, lambda e: (LISTS, f"initiative:{e.initiative_id}"))
# Who joined is not public; the page shows the count (lists show no sizes: equal footing).
touches(MembershipChanged, lambda e: (f"initiative:{e.initiative_id}",))
