"""The statements of the comment path, written out because every comment runs them (one place for the SQL of
discussions): finding or making a discussion, the double-submission and suspension checks, and the counter."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from dauys.accounts.models import User
from dauys.core import statements
from dauys.discussions import spam, targets
from dauys.discussions.models import (
    Comment,
    Suspension,
    Thread,
)
from dauys.discussions.services.rules import DOUBLE_SUBMIT, LOCKED


def thread_tries(target: targets.Target) -> list[tuple[str, list[Any]]]:
    """The statements that find the target's discussion or make it (by its first comment; two first comments at
    once make one), tried in turn until one gives its row. Not locked here: a published comment locks the row
    last, when it moves the counter, so it is held only until the commit."""
    table = Thread._meta.db_table
    look: tuple[str, list[Any]] = (f"SELECT id, locked FROM {table} WHERE target = %s", [target.key])  # noqa: S608
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if connection.vendor == "postgresql":  # found or made in one statement (most comments on a busy site are firsts)
        make: tuple[str, list[Any]] = (
            f"WITH found AS (SELECT id, locked FROM {table} WHERE target = %s), "  # noqa: S608
            f"made AS (INSERT INTO {table} (target, locked, comments_count, created_at) "
            "SELECT %s, false, 0, %s WHERE NOT EXISTS (SELECT 1 FROM found) "
            "ON CONFLICT (target) DO NOTHING RETURNING id, locked) "
            "SELECT id, locked FROM found UNION ALL SELECT id, locked FROM made",
            [target.key, target.key, now],
        )
        return [make, look]
    make = (
        f"INSERT INTO {table} (target, locked, comments_count, created_at) VALUES (%s, %s, 0, %s)"  # noqa: S608
        " ON CONFLICT (target) DO NOTHING RETURNING id, locked",
        [target.key, False, now],
    )
    return [look, make, look]


def thread_for(target: targets.Target, tries: list[tuple[str, list[Any]]], first: statements.Later) -> Thread:
    """The discussion from the first try's rows (``first``); else from the next tries: made, or made by a
    concurrent first comment since our first look."""
    row = first.one()
    for sql, params in tries[1:]:
        if row is not None:
            break
        row = statements.fetchone(connection, sql, params)
    assert row is not None  # the last look sees the row the concurrent insert made
    return Thread.from_db(connection.alias, ["id", "target", "locked"], [row[0], target.key, bool(row[1])])


def same_text(batch: statements.Batch, body: str, writer: dict[str, Any], now: Any) -> statements.Later:
    """The same text by the same writer in the last day, oldest first, as (id, thread id, parent id, status,
    written within DOUBLE_SUBMIT): one query for the double submission and the spam rule, written out because
    every comment runs it."""
    column, value = ("author_id", writer["author"].pk) if "author" in writer else ("guest_hash", writer["guest_hash"])
    adapt = connection.ops.adapt_datetimefield_value
    return batch.later(
        f"SELECT id, thread_id, parent_id, status, created_at >= %s FROM {Comment._meta.db_table}"  # noqa: S608
        f" WHERE {column} = %s AND body = %s AND created_at >= %s ORDER BY created_at, id",
        [adapt(now - DOUBLE_SUBMIT), value, body, adapt(now - spam.REPEATED_WITHIN)],
    )


def may_post(batch: statements.Batch, author: User | None, writer: str, body: str) -> statements.Later | None:
    """Refuse a suspended author, and until this transaction ends let nobody else post this text as this writer:
    a form sent twice at once (a double click) then gives one comment, the second request finding the first.
    PostgreSQL: an advisory lock on a hash of writer and text, taken in the same statement as the suspension check,
    which also draws the id the comment will have (so that what is written with it needs no answer first);
    SQLite needs none (its IMMEDIATE transactions let one writer in at a time).
    Rows (after the batch): [lock, comment id,] suspended."""
    columns: list[str] = []
    params: list[Any] = []
    if connection.vendor == "postgresql":
        columns.append("pg_advisory_xact_lock(%s)")
        params.append(int.from_bytes(hashlib.sha256(f"{writer}\n{body}".encode()).digest()[:8], "big", signed=True))
        columns.append(f"nextval(pg_get_serial_sequence('{Comment._meta.db_table}', 'id'))")
    if author is not None:
        columns.append(f"EXISTS (SELECT 1 FROM {Suspension._meta.db_table} WHERE user_id = %s AND until > %s)")  # noqa: S608
        params += [author.pk, connection.ops.adapt_datetimefield_value(timezone.now())]
    if not columns:
        return None
    return batch.later(f"SELECT {', '.join(columns)}", params)


def count_published(batch: statements.Batch, thread: Thread) -> statements.Later:
    """Count a published comment, last in its transaction, so that the discussion's row is locked only from here
    to the commit (one hot discussion takes many comments a second). Rows (after the batch): none if a
    moderator locked the discussion since our first look."""
    table = Thread._meta.db_table
    return batch.later(
        f"UPDATE {table} SET comments_count = comments_count + 1 WHERE id = %s AND NOT locked RETURNING id",  # noqa: S608
        [thread.pk],
    )


def check_counted(counted: statements.Later) -> None:
    """A discussion locked by a moderator since our first look refuses the comment after all."""
    if counted.one() is None:
        raise ValidationError(LOCKED)
