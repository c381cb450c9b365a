"""Problems and their answers can be commented on (dauys.discussions.targets)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from dauys.core import statements
from dauys.discussions.targets import Target, kind
from dauys.notifications.selectors import followers
from dauys.problems.models import Answer, Problem


def _audience(problem: Problem) -> list[Any]:
    return [*followers(f"problem:{problem.pk}"), problem.author]  # the subscriber skips anyone told already


# In the model's order, as Model.from_db wants a subset of the fields.
TARGET_FIELDS = [f.column for f in Problem._meta.concrete_fields if f.column in {"id", "title", "status", "author_id"}]


def _problem(pk: int) -> Problem | None:
    """Only what a target needs, by a written-out query: every comment posted asks (the audience loads the author
    when it is needed)."""
    sql = f"SELECT {', '.join(TARGET_FIELDS)} FROM {Problem._meta.db_table} WHERE id = %s"  # noqa: S608
    row = statements.fetchone(connection, sql, [pk])
    return None if row is None else Problem.from_db(connection.alias, TARGET_FIELDS, row)


@kind("problem")
def problem(ref: str) -> Target | None:
    found = _problem(int(ref)) if ref.isdigit() else None
    if found is None or not found.is_public:
        return None
    return Target(
        key=f"problem:{found.pk}",
        kind="problem",
        title=found.title,
        url=found.get_absolute_url(),
        page_tag=f"problem:{found.pk}",
        audience=lambda: _audience(found),
        page=lambda request: _page(request, found.pk),
    )


def _page(request: Any, pk: int) -> Any:
    from dauys.problems.views import problem_page  # the views import much of the site: only when a page is drawn

    return problem_page(request, pk)


@kind("answer")
def answer(ref: str) -> Target | None:
    found = (
        Answer.objects.select_related("appeal__problem__author", "appeal__authority").filter(pk=int(ref)).first()
        if ref.isdigit()
        else None
    )
    problem = found.appeal.problem if found is not None else None  # answers on problems' pages
    if found is None or problem is None or not problem.is_public:
        return None
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
