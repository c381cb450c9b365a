"""Every public event becomes a pending leaf in the same transaction as the change (the log's outbox)."""

from __future__ import annotations

from django.db import transaction

from dauys.core.events import Event, subscriber
from dauys.ledger import canonical
from dauys.ledger.leaves import leaf_for
from dauys.ledger.models import Pending


@subscriber(Event, in_transaction=True)
def write_pending_leaf(event: Event) -> None:
    leaf = leaf_for(event)
    if leaf is None:
        return
    Pending.objects.create(data=canonical.dumps(leaf))
    # Number it soon after the commit; the worker's periodic pass catches anything a crash left pending.
    transaction.on_commit(_sequence_soon)


def _sequence_soon() -> None:
    from dauys.core.tasks import enqueue

    enqueue("dauys.ledger.tasks.sequence_pending")
