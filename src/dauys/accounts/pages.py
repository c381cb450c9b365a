"""The stored pages that accounts' events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.accounts.events import (
    AccountCreated,
    AccountDeleted,
    ApiTokenCreated,
    ApiTokenRevoked,
    DisplayNameChanged,
)
from dauys.pages.freshness import everything, lists_only, nothing, touches

touches(AccountCreated, lists_only)
touches(DisplayNameChanged, everything)  # a name is shown beside what its account did, on any page
touches(AccountDeleted, everything)  # its name becomes "deleted account" everywhere
touches(ApiTokenRevoked, nothing)  # no public page shows tokens
touches(ApiTokenCreated, nothing)
