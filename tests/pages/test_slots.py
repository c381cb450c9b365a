"""What a slot reads about its reader is declared, and read with the session or in one query of the package's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dauys.core import readers
from dauys.notifications.models import Follow, Notification
from dauys.pages import slots
from dauys.problems.models import Support
from dauys.problems.services import support_set

pytestmark = pytest.mark.django_db


def test_a_declared_read_becomes_one_subquery_on_the_models_own_table() -> None:
    sql, params = slots.exists(Support, about="problem").sql("s.user_id", "12")
    quote = connection.ops.quote_name
    table, user, problem = quote(Support._meta.db_table), quote("user_id"), quote("problem_id")
    assert sql == f"EXISTS (SELECT 1 FROM {table} WHERE {user} = s.user_id AND {problem} = %s)"  # noqa: S608
    assert params == [12]
    sql, params = slots.count(Notification, read_at=None).sql("%s", "")
    assert sql.startswith("SELECT COUNT(*) FROM") and f"{quote('read_at')} IS NULL" in sql and params == []


def test_values_come_from_one_query_when_the_page_is_rendered_in_full(make_user, make_problem) -> None:  # type: ignore[no-untyped-def]
    reader, other = make_user("Reader"), make_user("Other")
    problem = make_problem()
    support_set(problem=problem, user=reader, supported=True)
    Follow.objects.filter(user=reader).delete()
    Notification.objects.create(user=reader, kind="test", url="/")
    Notification.objects.create(user=reader, kind="test", url="/")
    Notification.objects.create(user=other, kind="test", url="/")
    request = RequestFactory().get("/en/")
    request.user = reader
    with CaptureQueriesContext(connection) as queries:
        stance = slots.values(request, "problem_actions", str(problem.pk))
    assert stance == {"supports": True, "follows": False} and len(queries) == 1
    assert slots.values(request, "unread", "") == {"count": 2}
    request.user = other
    assert slots.values(request, "problem_actions", str(problem.pk)) == {"supports": False, "follows": False}


def test_values_read_with_the_session_cost_no_query_and_a_service_can_forget_them(make_user) -> None:  # type: ignore[no-untyped-def]
    reader = make_user("Reader")
    Notification.objects.create(user=reader, kind="test", url="/")
    request = RequestFactory().get("/en/")
    request.user = reader
    readers.remember(reader, {"unread::count": 5})  # as the session's statement leaves them (accounts.sessions)
    with CaptureQueriesContext(connection) as queries:
        assert slots.values(request, "unread", "") == {"count": 5}
    assert len(queries) == 0
    slots.forget(reader, "unread")
    assert readers.wanted(reader, "unread::count") == (False, None)
    assert slots.values(request, "unread", "") == {"count": 1}
