from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.authorities.models import Authority
from dauys.core.events import emit
from dauys.places.models import Place
from dauys.problems.events import FollowChanged, SupportChanged
from dauys.problems.models import Follow, Problem, Support

SUPPORT_INSERT = (
    "INSERT INTO problems_support (problem_id, user_id, created_at) "
    "SELECT %s, %s, %s WHERE EXISTS (SELECT 1 FROM problems_problem WHERE id = %s AND status = 'open') "
    "ON CONFLICT (problem_id, user_id) DO NOTHING RETURNING id"
)
COUNT_MOVE = "UPDATE problems_problem SET supports_count = supports_count + %s WHERE id = %s RETURNING supports_count"


@transaction.atomic
def support_set(*, problem: Problem, user: Any, supported: bool) -> int:
    """Support a problem or withdraw the support; return the new count.

    One row per person and problem (a unique constraint), and the counter moves in the same transaction as the
    row, by an atomic ``supports_count = supports_count ± 1``: concurrent clicks neither lose nor double-count a
    support. The common case is two statements (insert-if-open-and-new, then move the counter), because a
    popular problem takes many supports a second.
    """
    with connection.cursor() as cursor:
        if supported:
            cursor.execute(SUPPORT_INSERT, [problem.pk, user.pk, timezone.now(), problem.pk])
            changed = cursor.fetchone() is not None
            if not changed:
                status = Problem.objects.values_list("status", flat=True).get(pk=problem.pk)
                if status != Problem.Status.OPEN:
                    raise ValidationError(_("Only an open problem can be supported."))
        else:
            changed = Support.objects.filter(problem=problem, user=user).delete()[0] > 0
        if changed:
            cursor.execute(COUNT_MOVE, [1 if supported else -1, problem.pk])
            count = int(cursor.fetchone()[0])
            emit(SupportChanged(problem_id=problem.pk, supported=supported, supports_count=count))
            return count
    return Problem.objects.values_list("supports_count", flat=True).get(pk=problem.pk)


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
