"""Hot statements (core/statements.py) are prepared once per connection on PostgreSQL and run as usual elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection

from dauys.core import statements

pytestmark = pytest.mark.django_db


def test_a_row_comes_back_with_its_values_bound() -> None:
    assert statements.fetchone(connection, "SELECT %s + 1, %s", [41, "kk"]) == (42, "kk")
    assert statements.fetchone(connection, "SELECT 1 WHERE 1 = %s", [2]) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
def test_on_postgresql_the_statement_is_prepared_and_django_s_own_are_not() -> None:
    sql = "SELECT %s::int * 2 AS doubled"
    assert [statements.fetchone(connection, sql, [n]) for n in (1, 2, 3)] == [(2,), (4,), (6,)]
    with connection.cursor() as cursor:
        for _ in range(6):
            cursor.execute("SELECT %s::int * 3 AS tripled", [1])
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("doubled" in statement for statement in prepared), prepared
    assert not any("tripled" in statement for statement in prepared), prepared


def test_insert_writes_what_save_would_and_sets_the_id() -> None:
    from dauys.ledger.models import Pending

    row = statements.insert(connection, Pending(data='{"type":"test"}'))
    assert row.pk is not None and not row._state.adding
    stored = Pending.objects.get(pk=row.pk)
    assert stored.data == '{"type":"test"}' and stored.created_at == row.created_at is not None


def test_execute_counts_the_rows_it_changed_and_fetchall_reads_them_all() -> None:
    from dauys.ledger.models import Pending

    first, second = (statements.insert(connection, Pending(data=d)) for d in ("a", "b"))
    table = Pending._meta.db_table
    sql = f"UPDATE {table} SET data = %s WHERE id IN (%s, %s)"  # noqa: S608
    assert statements.execute(connection, sql, ["c", first.pk, second.pk]) == 2
    rows = statements.fetchall(connection, f"SELECT data FROM {table} WHERE id >= %s ORDER BY id", [first.pk])  # noqa: S608
    assert rows == [("c",), ("c",)]


def test_a_statement_in_a_broken_transaction_is_refused_as_django_refuses_it() -> None:
    from django.db import transaction
    from django.db.transaction import TransactionManagementError

    with transaction.atomic():
        connection.needs_rollback = True  # what an atomic block sets when a database error escapes an inner one
        with pytest.raises(TransactionManagementError):
            statements.fetchone(connection, "SELECT %s", [1])
        transaction.set_rollback(True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
@pytest.mark.django_db(transaction=True)  # closes the connection, which a test's own transaction would not allow
def test_one_cursor_serves_the_connection_and_a_new_connection_gets_its_own() -> None:
    from django.db import connections

    assert statements.fetchone(connection, "SELECT %s::int", [1]) == (1,)
    first = connections["default"].prepared_cursor
    assert statements.fetchone(connection, "SELECT %s::int", [2]) == (2,)
    assert connections["default"].prepared_cursor is first  # reused, not made again for each statement
    connection.close()  # as after a server restart or at the end of a request with CONN_MAX_AGE=0
    assert statements.fetchone(connection, "SELECT %s::int", [3]) == (3,)
    renewed = connections["default"].prepared_cursor
    assert renewed is not first and renewed.connection is connections["default"].connection
