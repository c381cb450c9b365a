"""Tallies: counted personal acts. One row per person per thing, with an exact counter.

A support of a problem, a signature of a petition, a sign-up for a spot, a poll vote, an agree/disagree vote on a
statement, an endorsement: each is a person's act that the public sees as a number. A ``Tally`` declares where the
acts and their counts live (the app's own models; table and column names are read from them) and does the writes:

    SUPPORTS = tallies.register(tallies.Tally(
        "problems.support", row=Support, thing="problem", person="user", counter="supports_count",
        open={"status": "open"}, closed=_("Only an open problem can be supported."),
        event=lambda problem_id, outcome: SupportChanged(...),
    ))
    outcome = SUPPORTS.set(problem_id, user.pk)       # idempotent: a repeat changes nothing
    outcome = SUPPORTS.clear(problem_id, user.pk)     # idempotent too

Options, each optional:

- ``key``: a field of the row that the act counts for (the region a signature counts in, the choice a vote is
  for). Counts per key are kept in ``counts``, a model with the thing's field, the key's field and ``count``,
  unique on (thing, key).
- ``changeable``: the person may change their key (agree -> disagree); the count moves from one key to the
  other and the total stays. Without it, a repeat with another key changes nothing (``outcome.changed`` is False
  and ``outcome.key`` is what they chose before: the page says "you already did").
- ``capacity``: a field of the thing holding the most acts it takes (spots); a full thing refuses with ``Full``.
- ``open``: field values the thing must have to take an act (``{"status": "open"}``); otherwise ``Closed``.
  Withdrawing an act is always possible.

Exact under concurrency: the row is unique per (thing, person) and each counter moves by ``count = count ± 1`` in
the transaction that writes the row, so concurrent acts neither lose nor double-count. On PostgreSQL the common
case (no key, no capacity) is one statement each way, prepared once per connection: the row and the counter in
one data-modifying CTE. The event is emitted once the write is settled, and only if something changed.

Convention for the API: a personal act is an idempotent ``PUT`` (do it) and ``DELETE`` (undo it) that both answer
200 with the state, as ``PUT /api/v1/problems/{id}/support`` does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dauys.core import statements
from dauys.core.events import Event, emit
from dauys.core.seams import Registry


class Closed(ValidationError):
    """The thing does not take acts now (it is not open)."""


class Full(ValidationError):
    """The thing has taken as many acts as its capacity."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What an act did: whether anything changed, the total now, and the person's key before and after."""

    changed: bool
    count: int
    key: Any = None  # the person's key now (for a tally without keys: True when they have acted, else None)
    previous: Any = None  # their key before


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    """How a tally's counts enter the public log: once an hour, one leaf per public thing whose count changed.

    An act is a person's; what the public record keeps is how many there were, and when. ``type`` is the leaf's
    type, ``field`` the name of the count in it, ``object`` the thing's API path (``"problems/{pk}"``) and
    ``public`` the filter of the things the public may see (``ledger.checkpoints`` writes the leaves).
    """

    type: str
    field: str
    object: str
    public: Any = None  # a Q on the thing's model


class Tally:
    """Counted personal acts on one kind of thing (see the module's docstring)."""

    def __init__(
        self,
        name: str,
        *,
        row: type[models.Model],
        thing: str,
        person: str,
        counter: str,
        key: str | None = None,
        counts: type[models.Model] | None = None,
        changeable: bool = False,
        capacity: str | None = None,
        open: Mapping[str, Any] | None = None,
        closed: Any = None,
        full: Any = None,
        event: Callable[[int, Outcome], Event] | None = None,
        checkpoint: Checkpoint | None = None,
    ) -> None:
        if counts is not None and key is None:
            raise ValueError(f"tally {name}: counts per key need a key")
        if changeable and key is None:
            raise ValueError(f"tally {name}: only a key can be changed")
        self.name = name
        self.row = row
        self.thing_field = thing
        self.person_field = person
        self.counter_field = counter
        self.key_field = key
        self.counts = counts
        self.changeable = changeable
        self.capacity_field = capacity
        self.open = dict(open or {})
        self.closed_message = closed or _("This is not open now.")
        self.full_message = full or _("There are no places left.")
        self.event = event
        self.checkpoint = checkpoint

    # -- metadata, read from the models once they are ready ------------------------------------------------
    @property
    def thing_model(self) -> type[models.Model]:
        return self.row._meta.get_field(self.thing_field).related_model  # type: ignore[return-value]

    def _sql(self) -> dict[str, str]:
        cached: dict[str, str] | None = self.__dict__.get("_sql_cache")
        if cached is not None:
            return cached
        q = connection.ops.quote_name
        row_meta, thing_meta = self.row._meta, self.thing_model._meta

        def col(meta: Any, field: str) -> str:
            return q(meta.get_field(field).column)

        guard = " AND ".join(
            f"{col(thing_meta, f)} IN ({', '.join(['%s'] * len(v))})"
            if isinstance(v, list | tuple | set)
            else f"{col(thing_meta, f)} = %s"
            for f, v in self.open.items()
        )
        sql = {
            "row": q(row_meta.db_table),
            "thing_col": col(row_meta, self.thing_field),
            "person_col": col(row_meta, self.person_field),
            "key_col": col(row_meta, self.key_field) if self.key_field else "",
            "created_col": col(row_meta, "created_at") if _has(row_meta, "created_at") else "",
            "things": q(thing_meta.db_table),
            "pk": q(thing_meta.pk.column or "id"),
            "counter": col(thing_meta, self.counter_field),
            "capacity": col(thing_meta, self.capacity_field) if self.capacity_field else "",
            "guard": guard or "1 = 1",
        }
        if self.counts is not None:
            counts_meta = self.counts._meta
            sql["counts"] = q(counts_meta.db_table)
            sql["counts_thing"] = col(counts_meta, self.thing_field)
            sql["counts_key"] = col(counts_meta, self.key_field or "")
            sql["counts_count"] = col(counts_meta, "count")
        self.__dict__["_sql_cache"] = sql
        return sql

    def _guard_params(self) -> list[Any]:
        params: list[Any] = []
        for value in self.open.values():
            params.extend(value if isinstance(value, list | tuple | set) else [value])
        return params

    # -- the acts -------------------------------------------------------------------------------------------
    def set(self, thing: int, person: Any, key: Any = None) -> Outcome:
        """The person acts on the thing (with ``key`` if the tally has keys). Idempotent.

        Raises ``Closed`` when the thing does not take acts, ``Full`` at capacity, and the thing model's
        ``DoesNotExist`` for an unknown thing.
        """
        if (key is None) != (self.key_field is None):
            raise ValueError(f"tally {self.name}: a key is {'needed' if self.key_field else 'not taken'}")
        if connection.vendor == "postgresql" and self.key_field is None and not self.capacity_field:
            outcome = self._set_in_one_statement(thing, person)
        else:
            outcome = self._set(thing, person, key)
        self._settled(thing, outcome)
        return outcome

    def clear(self, thing: int, person: Any) -> Outcome:
        """The person withdraws their act. Idempotent; possible whatever the thing's state."""
        if connection.vendor == "postgresql" and self.key_field is None:
            outcome = self._clear_in_one_statement(thing, person)
        else:
            outcome = self._clear(thing, person)
        self._settled(thing, outcome)
        return outcome

    def key_of(self, thing: int, person: Any) -> Any:
        """The person's key on the thing (True for a tally without keys), or None if they have not acted."""
        found = self.row._default_manager.filter(**{self.thing_field: thing, self.person_field: person})
        if self.key_field is None:
            return True if found.exists() else None
        return found.values_list(self.key_field, flat=True).first()

    def _settled(self, thing: int, outcome: Outcome) -> None:
        # emit() delivers once the outermost transaction commits: the event never reports a write that did not.
        if outcome.changed and self.event is not None:
            emit(self.event(thing, outcome))

    def _set_in_one_statement(self, thing: int, person: Any) -> Outcome:
        """PostgreSQL, the common case: the row and the counter in one data-modifying CTE (one round trip)."""
        s = self._sql()
        created = (f", {s['created_col']}", ", %s") if s["created_col"] else ("", "")
        sql = (
            f"WITH changed AS (INSERT INTO {s['row']} ({s['thing_col']}, {s['person_col']}{created[0]}) "
            f"SELECT %s, %s{created[1]} WHERE EXISTS (SELECT 1 FROM {s['things']} WHERE {s['pk']} = %s "
            f"AND {s['guard']}) ON CONFLICT ({s['thing_col']}, {s['person_col']}) DO NOTHING "
            f"RETURNING {s['thing_col']}) "
            f"UPDATE {s['things']} SET {s['counter']} = {s['counter']} + 1 "
            f"WHERE {s['pk']} IN (SELECT {s['thing_col']} FROM changed) RETURNING {s['counter']}"
        )
        params = [thing, person, *([timezone.now()] if created[0] else []), thing, *self._guard_params()]
        row = statements.fetchone(connection, sql, params)
        if row is not None:
            return Outcome(changed=True, count=int(row[0]), key=True)
        count = self._unchanged(thing, refusing=True)
        return Outcome(changed=False, count=count, key=True, previous=True)

    def _clear_in_one_statement(self, thing: int, person: Any) -> Outcome:
        """PostgreSQL, no keys: the row and the counter in one data-modifying CTE (one round trip)."""
        s = self._sql()
        sql = (
            f"WITH changed AS (DELETE FROM {s['row']} WHERE {s['thing_col']} = %s AND {s['person_col']} = %s "
            f"RETURNING {s['thing_col']}) "
            f"UPDATE {s['things']} SET {s['counter']} = {s['counter']} - 1 "
            f"WHERE {s['pk']} IN (SELECT {s['thing_col']} FROM changed) RETURNING {s['counter']}"
        )
        row = statements.fetchone(connection, sql, [thing, person])
        if row is not None:
            return Outcome(changed=True, count=int(row[0]), key=None, previous=True)
        return Outcome(changed=False, count=self._unchanged(thing, refusing=False), key=None, previous=None)

    @transaction.atomic
    def _set(self, thing: int, person: Any, key: Any) -> Outcome:
        s = self._sql()
        with connection.cursor() as cursor:
            previous = None
            if self.key_field is not None:
                # Read (and on PostgreSQL lock) the person's row: a change of key moves the counts exactly once.
                lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
                cursor.execute(
                    f"SELECT {s['key_col']} FROM {s['row']} WHERE {s['thing_col']} = %s AND {s['person_col']} = %s"
                    f"{lock}",
                    [thing, person],
                )
                found = cursor.fetchone()
                if found is not None:
                    previous = _python(self.row, self.key_field, found[0])
                    if previous == key or not self.changeable:
                        return Outcome(False, self._unchanged(thing, refusing=False), previous, previous)
                    self._unchanged(thing, refusing=True)  # a changed vote needs the thing open
                    cursor.execute(
                        f"UPDATE {s['row']} SET {s['key_col']} = %s "
                        f"WHERE {s['thing_col']} = %s AND {s['person_col']} = %s",
                        [key, thing, person],
                    )
                    # Counts are locked in one order (the person's row, the thing, then the keys sorted), so
                    # two people changing their minds in opposite directions never deadlock.
                    for moved, by in sorted([(previous, -1), (key, +1)], key=lambda pair: str(pair[0])):
                        self._move_key(cursor, thing, moved, by)
                    return Outcome(True, self._unchanged(thing, refusing=False), key, previous)
            if self.capacity_field:
                # Take a place first: the thing's row is locked until the commit, so the places are never overbooked.
                cursor.execute(
                    f"UPDATE {s['things']} SET {s['counter']} = {s['counter']} + 1 WHERE {s['pk']} = %s "
                    f"AND {s['guard']} AND {s['counter']} < {s['capacity']} RETURNING {s['counter']}",
                    [thing, *self._guard_params()],
                )
                taken = cursor.fetchone()
                if taken is None:
                    count = self._unchanged(thing, refusing=True)
                    if self.key_of(thing, person) is not None:  # already in: a repeat, not a refusal
                        return Outcome(False, count, key or True, key or True)
                    raise Full(self.full_message, code="full")
            inserted = self._insert(cursor, thing, person, key)
            if not inserted:  # already acted (or acting right now, in another transaction that won)
                if self.capacity_field:
                    cursor.execute(
                        f"UPDATE {s['things']} SET {s['counter']} = {s['counter']} - 1 WHERE {s['pk']} = %s",
                        [thing],
                    )
                count = self._unchanged(thing, refusing=not self.capacity_field)
                mine = self.key_of(thing, person)
                return Outcome(False, count, mine, mine)
            if self.capacity_field:
                count = int(taken[0])
            else:
                cursor.execute(
                    f"UPDATE {s['things']} SET {s['counter']} = {s['counter']} + 1 WHERE {s['pk']} = %s "
                    f"RETURNING {s['counter']}",
                    [thing],
                )
                count = int(cursor.fetchone()[0])
            if self.key_field is not None:
                self._move_key(cursor, thing, key, +1)
            return Outcome(True, count, key if self.key_field else True, None)

    def _insert(self, cursor: Any, thing: int, person: Any, key: Any) -> bool:
        s = self._sql()
        columns = [s["thing_col"], s["person_col"]]
        values: list[Any] = [thing, person]
        if s["key_col"]:
            columns.append(s["key_col"])
            values.append(key)
        if s["created_col"]:
            columns.append(s["created_col"])
            values.append(timezone.now())
        cursor.execute(
            f"INSERT INTO {s['row']} ({', '.join(columns)}) SELECT {', '.join(['%s'] * len(values))} "
            f"WHERE EXISTS (SELECT 1 FROM {s['things']} WHERE {s['pk']} = %s AND {s['guard']}) "
            f"ON CONFLICT ({s['thing_col']}, {s['person_col']}) DO NOTHING RETURNING {s['thing_col']}",
            [*values, thing, *self._guard_params()],
        )
        return cursor.fetchone() is not None

    def _move_key(self, cursor: Any, thing: int, key: Any, by: int) -> None:
        if self.counts is None:
            return
        s = self._sql()
        cursor.execute(
            f"INSERT INTO {s['counts']} ({s['counts_thing']}, {s['counts_key']}, {s['counts_count']}) "
            f"VALUES (%s, %s, %s) ON CONFLICT ({s['counts_thing']}, {s['counts_key']}) "
            f"DO UPDATE SET {s['counts_count']} = {s['counts']}.{s['counts_count']} + %s",
            [thing, key, max(by, 0), by],
        )

    @transaction.atomic
    def _clear(self, thing: int, person: Any) -> Outcome:
        s = self._sql()
        with connection.cursor() as cursor:
            returned = s["key_col"] or s["thing_col"]
            cursor.execute(
                f"DELETE FROM {s['row']} WHERE {s['thing_col']} = %s AND {s['person_col']} = %s RETURNING {returned}",
                [thing, person],
            )
            deleted = cursor.fetchone()
            if deleted is None:
                return Outcome(False, self._unchanged(thing, refusing=False), None, None)
            previous = _python(self.row, self.key_field, deleted[0]) if self.key_field else True
            cursor.execute(
                f"UPDATE {s['things']} SET {s['counter']} = {s['counter']} - 1 WHERE {s['pk']} = %s "
                f"RETURNING {s['counter']}",
                [thing],
            )
            count = int(cursor.fetchone()[0])
            if self.key_field is not None:
                self._move_key(cursor, thing, previous, -1)
            return Outcome(True, count, None, previous)

    def _unchanged(self, thing: int, *, refusing: bool) -> int:
        """The thing's count; with ``refusing``, raise ``Closed`` if it does not take acts now."""
        fields = [self.counter_field, *self.open]
        found = self.thing_model._default_manager.values_list(*fields).get(pk=thing)
        if refusing:
            for value, wanted in zip(found[1:], self.open.values(), strict=True):
                allowed = wanted if isinstance(wanted, list | tuple | set) else [wanted]
                if value not in allowed:
                    raise Closed(self.closed_message, code="closed")
        return int(found[0])

    def counts_by_key(self, thing: int) -> dict[Any, int]:
        """The counts per key of one thing (keys with no acts left out)."""
        if self.counts is None:
            raise ValueError(f"tally {self.name} keeps no counts per key")
        rows = self.counts._default_manager.filter(**{self.thing_field: thing}, count__gt=0)
        return dict(rows.values_list(self.key_field or "", "count"))

    def __repr__(self) -> str:
        return f"<Tally {self.name}>"


def _has(meta: Any, field: str) -> bool:
    try:
        meta.get_field(field)
    except Exception:  # FieldDoesNotExist
        return False
    return True


def _python(model: type[models.Model], field: str | None, raw: Any) -> Any:
    """A raw column value as the model's field gives it (SQLite returns some types raw)."""
    if field is None:
        return raw
    f = model._meta.get_field(field)
    return f.to_python(raw) if raw is not None and isinstance(f, models.Field) else raw


# Every tally, by name: the public log's hourly count checkpoints read them (ledger.checkpoints).
tallies: Registry[Tally] = Registry("tally")


def register(tally: Tally) -> Tally:
    return tallies.add(tally.name, tally)
