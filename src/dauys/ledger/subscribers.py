"""Every public event becomes a pending leaf in the same transaction as the change (the log's outbox)."""

from __future__ import annotations

from django.db import connection, transaction

from dauys.core import statements
from dauys.core.events import Event, subscriber
from dauys.ledger import canonical
from dauys.ledger.leaves import leaf_for
from dauys.ledger.models import Pending


@subscriber(Event, in_transaction=True)
def write_pending_leaf(event: Event) -> None:
    leaf = leaf_for(event)
    if leaf is None:
        return
    statements.insert(connection, Pending(data=canonical.dumps(leaf)), returning=False)  # one per event: prepared
    # Number it soon after the commit; the worker's periodic pass catches anything a crash left pending.
    transaction.on_commit(sequence_soon)


QUEUED_KEY = "ledger:sequencing-queued"
QUEUED_SECONDS = 2


def sequence_soon() -> None:
    """Queue one numbering pass, unless one is queued and has not started yet (it will see this leaf: it clears
    the mark before it reads the pending leaves). At hundreds of public events a second this is one task instead
    of one per event; if a queued pass is slow to start, the mark expires and another one is queued."""
    from django.core.cache import cache

    from dauys.core.tasks import enqueue

    if cache.add(QUEUED_KEY, 1, timeout=QUEUED_SECONDS):
        enqueue("dauys.ledger.tasks.sequence_pending")
