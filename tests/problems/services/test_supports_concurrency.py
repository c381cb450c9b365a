"""Supports from many concurrent clients on PostgreSQL: none lost, none double-counted."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from dauys.problems import services
from dauys.problems.models import Support

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
def test_concurrent_supports_count_exactly(make_problem, make_user) -> None:  # type: ignore[no-untyped-def]
    problem = make_problem()
    users = [make_user(f"Crowd {i}") for i in range(24)]
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []

    def click(chunk: list) -> None:  # type: ignore[type-arg]
        try:
            barrier.wait()
            for user in chunk:
                # Each person clicks twice (a double click), and every third withdraws and supports again.
                services.support_set(problem=problem, user=user, supported=True)
                services.support_set(problem=problem, user=user, supported=True)
                if user.pk % 3 == 0:
                    services.support_set(problem=problem, user=user, supported=False)
                    services.support_set(problem=problem, user=user, supported=True)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    # Two threads share each chunk of users, so the same person clicks from two clients at once.
    chunks = [users[i::6] for i in range(6)]
    threads = [threading.Thread(target=click, args=(chunk,)) for chunk in chunks + chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    problem.refresh_from_db()
    assert Support.objects.filter(problem=problem).count() == 24
    assert problem.supports_count == 24
