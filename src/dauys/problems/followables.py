"""Problems people may follow (``notifications.follows``): public ones."""

from __future__ import annotations

from dauys.notifications.follows import followable
from dauys.problems.models import Problem
from dauys.problems.selectors import PUBLIC

followable(
    "problem", lambda ref: Problem.objects.filter(pk=int(ref), status__in=PUBLIC).first() if ref.isdigit() else None
)
