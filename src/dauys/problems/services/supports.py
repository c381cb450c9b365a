from __future__ import annotations

from dauys.accounts.models import User
from dauys.core.tallies import Outcome
from dauys.problems.models import Problem
from dauys.problems.tallies import SUPPORTS


def support_set(*, problem: Problem | int, user: User, supported: bool) -> Outcome:
    """Support a problem (given as an object or its id) or withdraw the support; return what it did and the count.

    A tally (``problems.tallies.SUPPORTS``): one row per person and problem, and the counter moves with the row,
    so concurrent clicks neither lose nor double-count a support; one statement on PostgreSQL. A repeat changes
    nothing. Raises ``Problem.DoesNotExist`` for an unknown id and ``ValidationError`` for a problem that is not
    open.
    """
    problem_id = problem if isinstance(problem, int) else problem.pk
    return SUPPORTS.set(problem_id, user.pk) if supported else SUPPORTS.clear(problem_id, user.pk)
