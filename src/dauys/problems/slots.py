"""Personal slots of public control (see dauys.pages.slots): what the reader does about a problem, place or body."""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from dauys.accounts import sessions
from dauys.pages import slots
from dauys.pages.slots import slot
from dauys.problems.models import Follow, Support


def _stance_sql(model: Any, user: str = "s.user_id") -> str:
    """Whether the reader supports (follows) a problem; ``user``: the account's id in the reader's statement."""
    return f"EXISTS (SELECT 1 FROM {model._meta.db_table} WHERE problem_id = %s AND user_id = {user})"  # noqa: S608


def _want_stance(request: HttpRequest, arg: str) -> None:
    sessions.want(request, f"supports:{arg}", _stance_sql(Support), [int(arg)])
    sessions.want(request, f"follows:{arg}", _stance_sql(Follow), [int(arg)])


@slot("problem_actions", wants=_want_stance)
def problem_actions(request: HttpRequest, arg: str) -> str:
    """Support and follow buttons of an open problem, as this reader stands (read with the session, or one query)."""
    problem_id, user_id = int(arg), request.user.pk
    found, supports = sessions.wanted(request.user, f"supports:{arg}")
    found_too, follows = sessions.wanted(request.user, f"follows:{arg}")
    if not (found and found_too):
        # Plain SQL: the ORM's compiling costs more than the query.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_stance_sql(Support, '%s')}, {_stance_sql(Follow, '%s')}",
                [problem_id, user_id, problem_id, user_id],  # table names come from the models, values are bound
            )
            supports, follows = cursor.fetchone()
    html = _actions(get_language(), problem_id, bool(supports), bool(follows))
    return html.replace(slots.CSRF_MARK, slots.csrf_token(request))


@functools.lru_cache(maxsize=8192)
def _actions(language: str, problem_id: int, supports: bool, follows: bool) -> str:
    """The two forms, rendered once per language, problem and stance, with the CSRF token left as a marker."""
    context = {"problem_id": problem_id, "csrf_token": slots.CSRF_MARK, "supports": supports, "follows": follows}
    return render_to_string("problems/_problem_actions.html", context)


@slot("follow")
def follow(request: HttpRequest, arg: str) -> str:
    """The follow button of a place or an authority (``place:<slug>`` or ``authority:<slug>``)."""
    kind, _, slug = arg.partition(":")
    if kind == "place":
        following = Follow.objects.filter(user_id=int(request.user.pk or 0), place__slug=slug).exists()
        action = reverse("problems:follow_place", args=[slug])
    elif kind == "authority":
        following = Follow.objects.filter(user_id=int(request.user.pk or 0), authority__slug=slug).exists()
        action = reverse("problems:follow_authority", args=[slug])
    else:
        raise ValueError(f"cannot follow {arg!r}")
    context = {"action": action, "following": following, "csrf_token": slots.csrf_token(request)}
    return render_to_string("problems/_follow_button.html", context)
