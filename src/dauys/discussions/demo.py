"""Demo moderation (``dauys.demo``): the batch's first person, the one the summary signs in, moderates."""

from __future__ import annotations

from dauys import demo
from dauys.discussions.models import Moderator


@demo.step(stage=demo.DIRECTORY)
def moderator(batch: demo.Batch) -> str:
    Moderator.objects.get_or_create(user=batch.people[0])
    return ""
