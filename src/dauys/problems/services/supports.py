from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from dauys.authorities.models import Authority
from dauys.core.events import emit
from dauys.places.models import Place
from dauys.problems.events import FollowChanged, SupportChanged
from dauys.problems.models import Follow, Problem, Support


@transaction.atomic
def support_set(*, problem: Problem, user: Any, supported: bool) -> int:
    """Support a problem or withdraw the support; return the new count.

    One row per person and problem (a unique constraint), and the counter moves in the same transaction as the
    row, with an atomic UPDATE ... SET supports_count = supports_count ± 1: concurrent clicks neither lose nor
    double-count a support.
    """
    status = Problem.objects.values_list("status", flat=True).get(pk=problem.pk)
    if supported and status != Problem.Status.OPEN:
        raise ValidationError(_("Only an open problem can be supported."))
    if supported:
        try:
            with transaction.atomic():
                Support.objects.create(problem=problem, user=user)
        except IntegrityError:
            changed = False
        else:
            changed = True
            Problem.objects.filter(pk=problem.pk).update(supports_count=F("supports_count") + 1)
    else:
        deleted, _rows = Support.objects.filter(problem=problem, user=user).delete()
        changed = deleted > 0
        if changed:
            Problem.objects.filter(pk=problem.pk).update(supports_count=F("supports_count") - 1)
    count = Problem.objects.values_list("supports_count", flat=True).get(pk=problem.pk)
    if changed:
        emit(SupportChanged(problem_id=problem.pk, supported=supported, supports_count=count))
    return count


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
