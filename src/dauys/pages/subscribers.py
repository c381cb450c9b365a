"""The web app's reactions to domain events (imported at start-up by dauys.core)."""

from dauys.core.events import Event, subscriber
from dauys.pages import cache as pagecache


@subscriber(Event)
def drop_stored_pages(event: Event) -> None:
    """Stored pages that may show this change are dropped in every process: the pages it names, or all of them."""
    pagecache.invalidate(event.page_tags())
