"""Problems are the first kind of appeal subject (``problems.subjects``)."""

from __future__ import annotations

from dauys.problems.leaves import problem_content
from dauys.problems.models import Problem
from dauys.problems.subjects import PROBLEM, SubjectKind, register

register(
    SubjectKind(
        PROBLEM,
        model=Problem,
        title=lambda problem: problem.title,
        url=lambda problem: problem.get_absolute_url(),
        author=lambda problem: problem.author,
        place=lambda problem: problem.place,
        public=lambda problem: (
            None if (content := problem_content(problem.pk)) is None else (f"problems/{problem.pk}", content)
        ),
    )
)
