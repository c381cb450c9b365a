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
