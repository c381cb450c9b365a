"""Problems and answers can be commented on (dauys.discussions.targets)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dauys.discussions.targets import Target, kind
from dauys.problems.models import Answer, Problem
from dauys.problems.selectors import followers


def _audience(problem: Problem) -> list[Any]:
    return [*followers(problem=problem), problem.author]  # the subscriber skips anyone told already


@kind("problem")
def problem(ref: str) -> Target | None:
    # Only what a target needs: this runs for every comment posted (the audience loads the author when asked).
    fields = ("pk", "title", "status", "author_id")
    found = Problem.objects.only(*fields).filter(pk=int(ref)).first() if ref.isdigit() else None
    if found is None or not found.is_public:
        return None
    return Target(
        key=f"problem:{found.pk}",
        kind="problem",
        title=found.title,
        url=found.get_absolute_url(),
        page_tag=f"problem:{found.pk}",
        audience=lambda: _audience(found),
    )


@kind("answer")
def answer(ref: str) -> Target | None:
    found = (
        Answer.objects.select_related("appeal__problem__author", "appeal__authority").filter(pk=int(ref)).first()
        if ref.isdigit()
        else None
    )
    if found is None or not found.appeal.problem.is_public:
        return None
    problem = found.appeal.problem
    return Target(
        key=f"answer:{found.pk}",
        kind="answer",
        title=_("Answer of %(authority)s to “%(title)s”")
        % {"authority": found.appeal.authority.name, "title": problem.title},
        url=reverse("discussions:thread", kwargs={"kind": "answer", "ref": found.pk}),
        # The problem's page shows the answer's comment count, and the answer's discussion page is tagged the same.
        page_tag=f"problem:{problem.pk}",
        embedded=False,
        audience=lambda: _audience(problem),
    )
