from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from dauys.authorities.models import Authority
from dauys.core.events import emit
from dauys.core.tallies import Outcome
from dauys.places.models import Place
from dauys.problems.events import FollowChanged
from dauys.problems.models import Follow, Problem
from dauys.problems.tallies import SUPPORTS


def support_set(*, problem: Problem | int, user: Any, supported: bool) -> Outcome:
    """Support a problem (given as an object or its id) or withdraw the support; return what it did and the count.

    A tally (``problems.tallies.SUPPORTS``): one row per person and problem, and the counter moves with the row,
    so concurrent clicks neither lose nor double-count a support; one statement on PostgreSQL. A repeat changes
    nothing. Raises ``Problem.DoesNotExist`` for an unknown id and ``ValidationError`` for a problem that is not
    open.
    """
    problem_id = problem if isinstance(problem, int) else problem.pk
    return SUPPORTS.set(problem_id, user.pk) if supported else SUPPORTS.clear(problem_id, user.pk)


@transaction.atomic
def follow_set(
    *,
    user: Any,
    following: bool,
    problem: Problem | None = None,
    place: Place | None = None,
    authority: Authority | None = None,
) -> bool:
    """Follow or unfollow exactly one of a problem, a place or an authority. Return whether anything changed."""
    targets = [t for t in (problem, place, authority) if t is not None]
    if len(targets) != 1:
        raise ValueError("follow exactly one target")
    where = {"problem": problem} if problem else {"place": place} if place else {"authority": authority}
    if following:
        try:
            with transaction.atomic():
                Follow.objects.create(user=user, **where)
        except IntegrityError:
            return False
    elif not Follow.objects.filter(user=user, **where).delete()[0]:
        return False
    target = (
        f"problem:{problem.pk}" if problem else f"place:{place.slug}" if place else f"authority:{authority.slug}"  # type: ignore[union-attr]
    )
    emit(FollowChanged(user_id=user.pk, target=target, following=following))
    return True
