"""The PostgreSQL backend's health check: only for a connection that has idled (dauys.core.postgresql)."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection, connections
from django.db.utils import OperationalError

from dauys.core.postgresql import base

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)"),
]


def _new_request() -> None:
    """What Django does between two requests on a persistent connection."""
    connection.close_if_unusable_or_obsolete()


def _kill_server_side() -> None:
    """End this connection's server process from another connection (as a server restart would)."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    conninfo = psycopg.conninfo.make_conninfo(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=str(settings["PORT"] or 5432)
    )
    with psycopg.connect(conninfo, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _query() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 41 + 1")
        return int(cursor.fetchone()[0])


def test_the_backend_is_ours_with_health_checks_on() -> None:
    assert isinstance(connections["default"], base.DatabaseWrapper)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_recently_used_connection_is_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    _query()
    checks: list[bool] = []
    real = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(True) or real())
    for _ in range(5):
        _new_request()
        assert _query() == 42
    assert checks == []


def test_an_idle_connection_is_checked_and_replaced_when_dead() -> None:
    _query()
    _kill_server_side()
    _new_request()
    connection.used_at -= base.HEALTH_CHECK_AFTER_IDLE + 1  # it has idled
    assert _query() == 42  # the dead connection was found by the check and replaced


def test_within_the_window_a_dead_connection_fails_one_request_then_is_replaced() -> None:
    """The documented cost of skipping the check: one failed request per connection, then a fresh one."""
    _query()
    _kill_server_side()
    _new_request()
    with pytest.raises(OperationalError):
        _query()
    _new_request()  # the end of the failed request: Django drops a connection that had errors
    assert _query() == 42
