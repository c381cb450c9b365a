"""Supports: one per person, counted exactly, idempotent; a change emits one event."""

from __future__ import annotations

import pytest

from dauys.problems import services
from dauys.problems.models import Support

pytestmark = pytest.mark.django_db


def test_supports_count_rows_and_are_idempotent(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    users = [make_user(f"Supporter {i}") for i in range(3)]
    for user in users:
        assert services.support_set(problem=problem, user=user, supported=True).count >= 1
    assert services.support_set(problem=problem, user=users[0], supported=True).count == 3  # a double click
    assert services.support_set(problem=problem, user=users[1], supported=False).count == 2
    assert services.support_set(problem=problem, user=users[1], supported=False).count == 2
    problem.refresh_from_db()
    assert problem.supports_count == Support.objects.filter(problem=problem).count() == 2


def test_a_change_emits_one_event_and_a_repeat_none(make_problem, make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    problem, reader = make_problem(), make_user("Reader")
    names, outcome = emitted(services.support_set, problem=problem, user=reader, supported=True)
    assert names == ["problem.support_changed"] and outcome.changed and outcome.count == 1
    names, outcome = emitted(services.support_set, problem=problem, user=reader, supported=True)
    assert names == [] and not outcome.changed and outcome.count == 1
    names, outcome = emitted(services.support_set, problem=problem, user=reader, supported=False)
    assert names == ["problem.support_changed"] and outcome.count == 0
