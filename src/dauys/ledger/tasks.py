"""Background work of the ledger: number pending leaves (after each public change, and every minute)."""

from __future__ import annotations

from dauys.core.tasks import periodic
from dauys.ledger.checkpoints import checkpoint_counts
from dauys.ledger.sequencer import sequence_all


def sequence_pending() -> int:
    from django.core.cache import cache

    from dauys.ledger.subscribers import QUEUED_KEY

    cache.delete(QUEUED_KEY)  # before reading: a leaf committed from now on queues a pass of its own
    return sequence_all()


@periodic(minutes=1)
def sequence_leftovers() -> int:
    """Leaves a crash left pending between commit and numbering are numbered on the next pass."""
    return sequence_all()


@periodic(minutes=60, name="dauys.ledger.count_checkpoints")
def count_checkpoints() -> int:
    """Hourly count leaves of the tallies' things whose count changed (``ledger.checkpoints``)."""
    return checkpoint_counts()
