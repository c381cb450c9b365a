"""Statements that run on almost every request, prepared once per connection on PostgreSQL.

Django sends each statement with its values written in (client-side binding), so PostgreSQL plans it anew every
time. For a small statement that runs on every signed-in page the planning costs several times the execution
(measured: 0.18 ms to plan the reader's statement, 0.04 ms to run it). Such a statement is sent here with its
values bound on the server and prepared once per connection (psycopg's ``prepare=True``); other databases run it
as usual.

``insert`` writes a model instance the same way, for the rows written by every comment: what ``Model.save()``
would write (defaults, ``auto_now_add``, each field's conversion), without compiling an ORM query each time and
without the ``pre_save``/``post_save`` signals (use it only for models nobody listens to).

``together`` sends the statements of a block in one round trip (PostgreSQL's pipeline mode): a comment waits on
PostgreSQL six times instead of eleven. Each wait costs the web process CPU of its own (measured on the benchmark
machine with ``SELECT 1``: ~110 µs, two thirds of it kernel time, when the machine is not busy) and the request
the time of a round trip.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


def _run(db: BaseDatabaseWrapper, sql: str, params: list[Any], fetch: str) -> Any:
    db = _wrapper(db)
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return _fetch(cursor, fetch)
    cursor = _prepared_cursor(db)
    if fetch == "count" and db.__dict__.get("batching"):  # the count would be read before its statement ran
        raise RuntimeError("statements.execute inside statements.together: send it with Batch.later instead")
    return _prepared(db, cursor, sql, params, fetch)


def _prepared(db: Any, cursor: Any, sql: str, params: list[Any], fetch: str) -> Any:
    """Run ``sql`` prepared on ``cursor`` (PostgreSQL), with Django's error wrapping and query log."""
    started = time.monotonic()
    with db.wrap_database_errors:
        cursor.execute(sql, params, prepare=True)
        result = _fetch(cursor, fetch)
    if db.queries_logged:  # as Django's debug cursor: tests and the debug toolbar see the statement
        db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return result


def _wrapper(db: Any) -> Any:
    """The connection itself for ``django.db.connection``, a proxy that looks the connection up again (a thread-
    and task-local lookup, a few µs) on every attribute read."""
    proxied = db.__dict__
    if "_connections" in proxied:
        return proxied["_connections"][proxied["_alias"]]
    return db


def _prepared_cursor(db: Any) -> Any:
    """The connection's cursor for prepared statements, after the checks ``db.cursor()`` makes (the health check
    of a connection that idled, connecting, one thread per connection, no statement in a broken transaction).
    One cursor per connection, reused: making Django's cursor wrapper and a psycopg cursor for every statement
    cost about as much CPU as running a small prepared statement (measured 135 against 75 µs a statement)."""
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    db.validate_no_broken_transaction()
    cursor = db.prepared_cursor = _current(db, db.__dict__.get("prepared_cursor"))
    db.used_at = time.monotonic()  # as DatabaseWrapper._cursor: the connection worked just now
    return cursor


def _current(db: Any, cursor: Any) -> Any:
    """``cursor`` if it is open on the connection ``db`` has now, else a new psycopg cursor on it."""
    import psycopg

    if cursor is None or cursor.closed or cursor.connection is not db.connection:
        return psycopg.Cursor(db.connection)
    return cursor


def _fetch(cursor: Any, fetch: str) -> Any:
    if fetch == "none":
        return None
    if fetch == "one":
        return cursor.fetchone()
    if fetch == "all":
        return cursor.fetchall()
    return cursor.rowcount


def fetchone(db: BaseDatabaseWrapper, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    """The first row of ``sql`` (``%s`` placeholders), prepared on PostgreSQL."""
    return _run(db, sql, params, "one")


def fetchall(db: BaseDatabaseWrapper, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Every row of ``sql``, prepared on PostgreSQL."""
    return _run(db, sql, params, "all")


def execute(db: BaseDatabaseWrapper, sql: str, params: list[Any]) -> int:
    """Run ``sql`` (an UPDATE, a DELETE), prepared on PostgreSQL; the number of rows it changed."""
    return _run(db, sql, params, "count")


@functools.cache
def _insert_sql(
    model: type[models.Model], with_pk: bool, returning: bool
) -> tuple[str, tuple[models.Field[Any, Any], ...]]:
    meta = model._meta
    fields = tuple(
        f for f in meta.concrete_fields if with_pk or not (f.primary_key and isinstance(f, models.AutoField))
    )
    columns = ", ".join(f'"{f.column}"' for f in fields)
    values = ", ".join("%s" for _ in fields)
    sql = f'INSERT INTO "{meta.db_table}" ({columns}) VALUES ({values})'  # noqa: S608
    return (f'{sql} RETURNING "{meta.pk.column}"' if returning else sql), fields


def insert(db: BaseDatabaseWrapper, obj: models.Model, *, returning: bool = True) -> models.Model:
    """Write the new ``obj`` as ``obj.save()`` would (without signals), prepared on PostgreSQL. An ``obj`` without
    an id gets the one the database gives it, unless ``returning`` is false (nobody needs it): then nothing comes
    back, so inside ``together`` the row is only queued. An ``obj`` with an id is written with it."""
    with_pk = obj.pk is not None
    returning = returning and not with_pk
    sql, fields = _insert_sql(type(obj), with_pk, returning)
    db = _wrapper(db)
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection=db) for f in fields]
    if returning:
        row = fetchone(db, sql, values)
        assert row is not None  # an INSERT … RETURNING gives its row
        setattr(obj, obj._meta.pk.attname, obj._meta.pk.to_python(row[0]))
    else:
        _run(db, sql, values, "none")
    obj._state.adding = False
    obj._state.db = db.alias
    return obj


class Later:
    """The result of a statement sent by ``together``: read it once the block has ended (reading it inside sends
    what is queued so far and waits, which is correct but costs the round trip the block saves)."""

    __slots__ = ("_cursor", "_rows")

    def __init__(self, cursor: Any = None, rows: list[tuple[Any, ...]] | None = None) -> None:
        self._cursor = cursor
        self._rows = rows

    def all(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            self._rows = self._cursor.fetchall()
            self._cursor = None
        return self._rows

    def one(self) -> tuple[Any, ...] | None:
        rows = self.all()
        return rows[0] if rows else None


class Batch:
    """The statements of one ``together`` block."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.sent = 0

    def later(self, sql: str, params: list[Any]) -> Later:
        """Send ``sql`` (``%s`` placeholders; prepared on PostgreSQL) with the block; its rows after the block."""
        if self.db.vendor != "postgresql":
            return Later(rows=_run(self.db, sql, params, "all"))
        cursor = _batch_cursor(self.db, self.sent)
        self.sent += 1
        _prepared(self.db, cursor, sql, params, "none")
        return Later(cursor=cursor)


@contextmanager
def together(db: BaseDatabaseWrapper) -> Iterator[Batch]:
    """Send the statements of the block together, in one round trip when it ends: those sent with
    ``Batch.later`` give their rows after it, and ``insert(..., returning=False)`` queues its row.

    They run on the server in the order written, each as if sent alone (under READ COMMITTED each sees what
    committed before it started, after the locks the earlier ones took). An error in one is raised when the block
    ends, and the statements after it are not run; the transaction is then broken, as after any failed
    statement. On PostgreSQL this is psycopg's pipeline mode; elsewhere (and with a libpq older than 14) each
    statement runs at once.
    psycopg waits for the ``BEGIN`` of a transaction before it queues anything more, so a block that opens its
    transaction costs one round trip more (as the ``BEGIN`` costs one outside a block)."""
    import psycopg

    wrapper: Any = _wrapper(db)
    batch = Batch(wrapper)
    if wrapper.vendor != "postgresql" or not psycopg.Pipeline.is_supported():  # a libpq older than 14: one by one
        yield batch
        return
    _prepared_cursor(wrapper)  # the connection's checks, as for any statement
    wrapper.batching = True
    try:
        with wrapper.wrap_database_errors, wrapper.connection.pipeline():
            yield batch
    finally:
        wrapper.batching = False


def _batch_cursor(db: Any, index: int) -> Any:
    """The ``index``-th cursor of a batch: each statement whose rows are read later needs its own cursor."""
    cursors = db.__dict__.setdefault("batch_cursors", [])
    while len(cursors) <= index:
        cursors.append(None)
    cursor = cursors[index] = _current(db, cursors[index])
    return cursor
