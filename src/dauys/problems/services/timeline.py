from __future__ import annotations

from typing import Any

from django.utils import timezone

from dauys.accounts.models import User, public_id
from dauys.problems.models import Answer, Appeal, Problem, TimelineEvent


def public_actor(problem: Problem, actor: User | None) -> str | None:
    """The actor's public id for the ledger, None where the timeline does not name them either."""
    if actor is None or (actor.pk == problem.author_id and problem.hide_author):
        return None
    return public_id(actor)


def record(
    problem: Problem,
    kind: str,
    *,
    actor: User | None = None,
    appeal: Appeal | None = None,
    answer: Answer | None = None,
    **data: Any,
) -> TimelineEvent:
    """Add a line to the problem's public history (inside the caller's transaction)."""
    hidden = actor is not None and actor.pk == problem.author_id and problem.hide_author
    return TimelineEvent.objects.create(
        problem=problem,
        kind=kind,
        actor=actor,
        actor_hidden=hidden,
        appeal=appeal,
        answer=answer,
        data=data,
        created_at=timezone.now(),
    )


def appeal_actor(appeal: Appeal, actor: User | None) -> str | None:
    """The actor of a step of ``appeal`` as the ledger names them (as ``public_actor`` for a problem)."""
    if appeal.problem is not None:
        return public_actor(appeal.problem, actor)
    return None if actor is None else public_id(actor)


def record_appeal(appeal: Appeal, kind: str, *, actor: User | None = None, **data: Any) -> TimelineEvent | None:
    """A step of ``appeal`` in its problem's public history; an appeal about a subject of another kind has its
    history kept by that subject's app (from the appeal's events), not here."""
    if appeal.problem is None:
        return None
    return record(appeal.problem, kind, actor=actor, appeal=appeal, **data)
