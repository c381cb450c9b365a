"""The stored pages' reaction to domain events (imported at start-up: ``core.seams``)."""

from dauys.core.events import Event, subscriber
from dauys.pages import cache, freshness


@subscriber(Event)
def drop_stored_pages(event: Event) -> None:
    """Stored pages that may show this change are dropped in every process (``pages.freshness``)."""
    cache.invalidate(freshness.tags_of(event))
