from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.authorities.models import Authority
from dauys.core import statements
from dauys.core.events import emit
from dauys.places.models import Place
from dauys.problems.events import FollowChanged, SupportChanged
from dauys.problems.models import Follow, Problem

SUPPORT_INSERT = (
    "INSERT INTO problems_support (problem_id, user_id, created_at) "
    "SELECT %s, %s, %s WHERE EXISTS (SELECT 1 FROM problems_problem WHERE id = %s AND status = 'open') "
    "ON CONFLICT (problem_id, user_id) DO NOTHING RETURNING id"
)
SUPPORT_DELETE = "DELETE FROM problems_support WHERE problem_id = %s AND user_id = %s RETURNING id"
# PostgreSQL: the row and the counter in one statement (a data-modifying CTE), so one round trip, atomic alone.
PG_SUPPORT = (
    "WITH changed AS (INSERT INTO problems_support (problem_id, user_id, created_at) "
    "SELECT %s, %s, %s WHERE EXISTS (SELECT 1 FROM problems_problem WHERE id = %s AND status = 'open') "
    "ON CONFLICT (problem_id, user_id) DO NOTHING RETURNING problem_id) "
    "UPDATE problems_problem SET supports_count = supports_count + 1 "
    "WHERE id IN (SELECT problem_id FROM changed) RETURNING supports_count"
)
PG_WITHDRAW = (
    "WITH changed AS (DELETE FROM problems_support WHERE problem_id = %s AND user_id = %s RETURNING problem_id) "
    "UPDATE problems_problem SET supports_count = supports_count - 1 "
    "WHERE id IN (SELECT problem_id FROM changed) RETURNING supports_count"
)
COUNT_MOVE = "UPDATE problems_problem SET supports_count = supports_count + %s WHERE id = %s RETURNING supports_count"


def support_set(*, problem: Problem | int, user: Any, supported: bool) -> int:
    """Support a problem (given as an object or its id) or withdraw the support; return the new count.

    One row per person and problem (a unique constraint), and the counter moves in the same transaction as the
    row, by an atomic ``supports_count = supports_count ± 1``: concurrent clicks neither lose nor double-count a
    support. The common case is cheap, because a popular problem takes many supports a second: one statement on
    PostgreSQL, two in a transaction elsewhere (insert-if-open-and-new, then move the counter). Raises
    ``Problem.DoesNotExist`` for an unknown id.
    """
    problem_id = problem if isinstance(problem, int) else problem.pk
    if connection.vendor == "postgresql":
        # Prepared once per connection: planning the statement cost more than running it.
        if supported:
            row = statements.fetchone(connection, PG_SUPPORT, [problem_id, user.pk, timezone.now(), problem_id])
        else:
            row = statements.fetchone(connection, PG_WITHDRAW, [problem_id, user.pk])
        if row is not None:
            count = int(row[0])
            # Committed already in autocommit mode (delivered at once), or with the caller's transaction.
            emit(SupportChanged(problem_id=problem_id, supported=supported, supports_count=count))
            return count
        return _unchanged(problem_id, supported)
    return _support_set_portable(problem_id, user, supported)


@transaction.atomic
def _support_set_portable(problem_id: int, user: Any, supported: bool) -> int:
    with connection.cursor() as cursor:
        if supported:
            cursor.execute(SUPPORT_INSERT, [problem_id, user.pk, timezone.now(), problem_id])
            changed = cursor.fetchone() is not None
        else:
            cursor.execute(SUPPORT_DELETE, [problem_id, user.pk])
            changed = cursor.fetchone() is not None
        if changed:
            cursor.execute(COUNT_MOVE, [1 if supported else -1, problem_id])
            count = int(cursor.fetchone()[0])
            emit(SupportChanged(problem_id=problem_id, supported=supported, supports_count=count))
            return count
    return _unchanged(problem_id, supported)


def _unchanged(problem_id: int, supported: bool) -> int:
    """Nothing changed: already supported, not supported, or not open (refused). Return the count."""
    status, count = Problem.objects.values_list("status", "supports_count").get(pk=problem_id)
    if supported and status != Problem.Status.OPEN:
        raise ValidationError(_("Only an open problem can be supported."))
    return int(count)


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
