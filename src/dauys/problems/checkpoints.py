"""Support counts enter the public log as checkpoints: once an hour, one leaf per public problem whose count
changed since its last checkpoint (``{"type": "problem.supports_counted", "supports_count": n, ...}``).

A support is a click by a person; what the public record must keep is how many there were, and when. One leaf
per click would put who-supported-when into an append-only log (a pattern of activity that no one could ever
erase) and would cost a leaf per click; an hourly count is the public fact at the resolution that matters for
"they removed supports" (a count that goes down is visible and signed).
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from dauys.ledger import canonical
from dauys.ledger.leaves import api_url
from dauys.ledger.models import Pending, SupportCount
from dauys.ledger.subscribers import sequence_soon
from dauys.problems.models import Problem
from dauys.problems.selectors import PUBLIC

BATCH = 5_000


def checkpoint_supports() -> int:
    """Write a count leaf for every public problem whose support count changed; return how many."""
    logged = SupportCount.objects.filter(problem=OuterRef("pk")).values("count")[:1]
    never_logged = Q(logged__isnull=True, supports_count__gt=0)
    changed_since = Q(logged__isnull=False) & ~Q(logged=F("supports_count"))
    written = 0
    while True:
        with transaction.atomic():
            changed = list(
                Problem.objects.filter(status__in=PUBLIC)
                .annotate(logged=Subquery(logged))
                .filter(never_logged | changed_since)
                .order_by("pk")
                .values_list("pk", "supports_count")[:BATCH]
            )
            if not changed:
                return written
            now = timezone.now()
            at = now.isoformat()
            Pending.objects.bulk_create(Pending(data=canonical.dumps(_leaf(pk, count, at))) for pk, count in changed)
            for pk, count in changed:
                SupportCount.objects.update_or_create(problem_id=pk, defaults={"count": count, "logged_at": now})
            written += len(changed)
        transaction.on_commit(sequence_soon)


def _leaf(problem_id: int, count: int, at: str) -> dict[str, object]:
    content = {"supports_count": count}
    return {
        "v": 1,
        "type": "problem.supports_counted",
        "at": at,
        "object": api_url(f"problems/{problem_id}"),
        "actor": None,
        "content_sha256": hashlib.sha256(canonical.dumpb(content)).hexdigest(),
        "supports_count": count,
    }
