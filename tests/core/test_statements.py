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


def test_statements_sent_together_run_in_order_and_give_their_rows_after_the_block() -> None:
    from django.db import transaction

    from dauys.ledger.models import Pending

    table = Pending._meta.db_table
    with transaction.atomic():
        with statements.together(connection) as batch:
            before = batch.later(f"SELECT count(*) FROM {table}", [])  # noqa: S608
            statements.insert(connection, Pending(data="queued"), returning=False)
            after = batch.later(f"SELECT count(*) FROM {table} WHERE data = %s", ["queued"])  # noqa: S608
            changed = batch.later(f"UPDATE {table} SET data = %s WHERE data = %s RETURNING data", ["done", "queued"])  # noqa: S608
        # Each statement saw the ones before it, as if sent one by one.
        assert after.one() == (1,) and before.one() == (0,)
        assert changed.all() == [("done",)]
        assert list(Pending.objects.values_list("data", flat=True)) == ["done"]


def test_an_error_in_a_batch_is_raised_at_its_end_and_nothing_after_it_runs() -> None:
    from django.db import IntegrityError, transaction

    from dauys.ledger.models import Pending

    first = statements.insert(connection, Pending(data="first"))
    with pytest.raises(IntegrityError), transaction.atomic(), statements.together(connection):
        statements.insert(connection, Pending(pk=first.pk, data="same id"), returning=False)
        statements.insert(connection, Pending(data="after the error"), returning=False)
    assert list(Pending.objects.values_list("data", flat=True)) == ["first"]


def test_an_insert_with_its_id_writes_that_id() -> None:
    from dauys.ledger.models import Pending

    row = statements.insert(connection, Pending(pk=987654, data="given"))
    assert row.pk == 987654 and Pending.objects.get(pk=987654).data == "given"


class _Trace:
    """The messages psycopg sends PostgreSQL (libpq's protocol trace), to count round trips: each ``Sync`` or
    simple ``Query`` is one send the client then waits on."""

    def __enter__(self) -> _Trace:
        import tempfile

        from psycopg import pq

        connection.ensure_connection()
        self.file = tempfile.TemporaryFile()
        pgconn = connection.connection.pgconn
        pgconn.trace(self.file.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        return self

    def __exit__(self, *exc: object) -> None:
        connection.connection.pgconn.untrace()
        self.file.seek(0)
        lines = self.file.read().decode().splitlines()
        self.sent = [line.split("\t")[2].split()[0] for line in lines if line.startswith("F")]
        self.file.close()

    @property
    def round_trips(self) -> int:
        return sum(1 for message in self.sent if message in {"Sync", "Query"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
def test_on_postgresql_a_batch_is_one_round_trip() -> None:
    from django.db import transaction

    from dauys.ledger.models import Pending

    with transaction.atomic():
        statements.fetchone(connection, "SELECT 1", [])  # the transaction is open
        with _Trace() as trace, statements.together(connection) as batch:
            one = batch.later("SELECT %s::int", [1])
            statements.insert(connection, Pending(data="x"), returning=False)
            two = batch.later("SELECT %s::int", [2])
        assert (one.one(), two.one()) == ((1,), (2,))
    assert trace.sent.count("Execute") == 3
    assert trace.round_trips == 1, trace.sent


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
def test_a_count_is_refused_inside_a_batch_where_it_would_be_read_too_soon() -> None:
    from django.db import transaction

    with transaction.atomic(), statements.together(connection), pytest.raises(RuntimeError, match=r"Batch\.later"):
        statements.execute(connection, "UPDATE ledger_pending SET data = data WHERE id = %s", [0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (the CI's second pass)")
def test_without_pipeline_mode_in_libpq_a_batch_runs_its_statements_one_by_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import psycopg
    from django.db import transaction

    monkeypatch.setattr(psycopg.Pipeline, "is_supported", classmethod(lambda cls: False))
    with transaction.atomic():
        with statements.together(connection) as batch:  # prepared (outside a pipeline, a round trip of its own)
            batch.later("SELECT %s::int", [0])
        with _Trace() as trace, statements.together(connection) as batch:
            one = batch.later("SELECT %s::int", [1])
            two = batch.later("SELECT %s::int", [2])
        assert (one.one(), two.one()) == ((1,), (2,))
    assert trace.round_trips == 2, trace.sent
