"""The stored pages that the directory's events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.authorities.events import AuthorityChanged, RepresentativeVerified
from dauys.pages.freshness import everything, touches

# Rare edits whose names and badges any page may show (a problem's appeals, scorecards, the vertical).
touches(AuthorityChanged, everything)
touches(RepresentativeVerified, everything)
