"""Counts of tallies enter the public log as checkpoints: once an hour, one leaf per public thing whose count
changed since its last checkpoint (for supports: ``{"type": "problem.supports_counted", "supports_count": n}``).

A support, a signature or a vote is a person's act; what the public record must keep is how many there were, and
when. One leaf per act would put who-acted-when into an append-only log (a pattern of activity no one could ever
erase) and cost a leaf per click; an hourly count is the public fact at the resolution that matters for "they
removed supports" (a count that goes down is visible and signed). Each app declares its tallies' checkpoints
(``core.tallies.Checkpoint``); the ledger never names the app.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from dauys.core.tallies import Tally, tallies
from dauys.ledger import canonical
from dauys.ledger.leaves import api_url, envelope
from dauys.ledger.models import CountCheckpoint, Pending
from dauys.ledger.subscribers import sequence_soon

BATCH = 5_000


def checkpoint_counts() -> int:
    """Write a count leaf for every public thing whose count changed, for every tally; return how many."""
    return sum(checkpoint(tally) for tally in tallies.values() if tally.checkpoint is not None)


def checkpoint(tally: Tally) -> int:
    spec = tally.checkpoint
    assert spec is not None
    counter = tally.counter_field
    logged = CountCheckpoint.objects.filter(tally=tally.name, thing=OuterRef("pk")).values("count")[:1]
    never_logged = Q(logged__isnull=True, **{f"{counter}__gt": 0})
    changed_since = Q(logged__isnull=False) & ~Q(logged=F(counter))
    things = tally.thing_model._default_manager.all()
    if spec.public is not None:
        things = things.filter(spec.public)
    written = 0
    while True:
        with transaction.atomic():
            changed = list(
                things.annotate(logged=Subquery(logged))
                .filter(never_logged | changed_since)
                .order_by("pk")
                .values_list("pk", counter)[:BATCH]
            )
            if not changed:
                return written
            now = timezone.now()
            at = now.isoformat()
            Pending.objects.bulk_create(
                Pending(data=canonical.dumps(_leaf(spec.type, spec.field, spec.object.format(pk=pk), count, at)))
                for pk, count in changed
            )
            CountCheckpoint.objects.bulk_create(  # one upsert for the batch, not a query per thing
                [CountCheckpoint(tally=tally.name, thing=pk, count=count, logged_at=now) for pk, count in changed],
                update_conflicts=True,
                unique_fields=["tally", "thing"],
                update_fields=["count", "logged_at"],
            )
            written += len(changed)
        transaction.on_commit(sequence_soon)


def _leaf(kind: str, field: str, path: str, count: int, at: str) -> dict[str, object]:
    return envelope(kind, at, api_url(path), None, {field: count}) | {field: count}
