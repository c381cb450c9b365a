"""The stored pages that the places' events make stale (``pages.freshness``)."""

from __future__ import annotations

from dauys.pages.freshness import everything, touches
from dauys.places.events import PlaceChanged

touches(PlaceChanged, everything)  # a rare edit of a name any page may show
