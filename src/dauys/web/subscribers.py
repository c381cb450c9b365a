"""The web app's reactions to domain events (imported at start-up by dauys.core)."""

from dauys.core.events import Event, subscriber
from dauys.web import pagecache


@subscriber(Event)
def drop_stored_pages(event: Event) -> None:
    """Any public change may show on any page: stored anonymous pages are dropped in every process."""
    pagecache.invalidate()
