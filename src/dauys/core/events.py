"""The domain event bus: the one way a write reaches its side effects.

A service changes the database inside ``transaction.atomic`` and calls ``emit(SomethingHappened(...))``. Nothing
runs then: the event is delivered when the outermost transaction commits, and dropped if it rolls back, so no
subscriber ever sees a write that did not happen. Subscribers are plain functions registered per event type::

    @subscriber(AccountCreated)
    def welcome(event: AccountCreated) -> None: ...

    @subscriber(AccountCreated, as_task=True)   # run by a background worker, retried on failure
    def federate(event: AccountCreated) -> None: ...

    @subscriber(Event)                          # every event, whatever its type
    def invalidate_caches(event: Event) -> None: ...

    @subscriber(Event, in_transaction=True)     # at emit time, inside the writing transaction
    def append_to_ledger(event: Event) -> None: ...

In-transaction subscribers write what must commit or roll back with the change itself (the ledger's outbox); if
one raises, the change fails. They run at ``emit`` time and must be quick. Task subscribers are queued the same
way when the event is emitted inside a transaction: the task row commits with the change (a transactional
outbox), so a crash right after the commit cannot lose it; a worker sees it only once the change is committed.

In-process subscribers run in the committing process, one after another in registration order; one that raises
is logged and does not stop the others (the write is already committed). Task subscribers get the event through
the task queue, so an event type's fields must be JSON-friendly values (str, int, float, bool, None, lists).
Apps put their subscribers in a ``subscribers`` module, which ``dauys.core`` imports at start-up.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, ClassVar, Protocol, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every domain event. Subclasses are frozen keyword-only dataclasses with a unique ``name``."""

    name: ClassVar[str] = ""
    registry: ClassVar[dict[str, type[Event]]] = {}
    # Unique per event, and kept when the event travels to a worker: a side effect can be keyed by the event that
    # caused it, so a task run twice (a worker killed after its work, before its acknowledgement) acts once.
    id: str = dataclasses.field(default_factory=lambda: uuid.uuid4().hex)
    occurred_at: str = dataclasses.field(default_factory=lambda: timezone.now().isoformat())
    # Who did it, as the public ledger names them: an account's public id (the one in /people/<id>/), or None
    # for the instance itself (the monitoring job, an operator), a guest, or an author who hid their name.
    actor: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.name:
            raise TypeError(f"{cls.__qualname__} must set a class attribute `name`")
        if cls.name in Event.registry and Event.registry[cls.name] is not cls:
            raise TypeError(f"event name {cls.name!r} is already used by {Event.registry[cls.name].__qualname__}")
        Event.registry[cls.name] = cls

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_payload(cls, name: str, payload: dict[str, Any]) -> Event:
        return cls.registry[name](**payload)

    @property
    def occurred(self) -> datetime:
        return datetime.fromisoformat(self.occurred_at)


E = TypeVar("E", bound=Event)
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Declarations(Protocol[T_co]):
    def __contains__(self, name: object) -> bool: ...
    def __getitem__(self, name: str) -> T_co: ...


def nearest(event_type: type[Event], declared: Declarations[T]) -> T | None:
    """What ``declared`` (by event name) says of ``event_type``: its own entry, or its nearest base class's."""
    for cls in event_type.__mro__:
        if isinstance(cls, type) and issubclass(cls, Event) and cls.name in declared:
            return declared[cls.name]
    return None


Handler = Callable[[Any], None]


@dataclasses.dataclass(frozen=True)
class Subscription:
    handler: Handler
    as_task: bool
    in_transaction: bool = False

    @property
    def path(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


_subscriptions: dict[type[Event], list[Subscription]] = {}


def subscriber(
    *event_types: type[Event], as_task: bool = False, in_transaction: bool = False
) -> Callable[[Handler], Handler]:
    """Register the decorated function for each of ``event_types``."""
    if as_task and in_transaction:
        raise ValueError("a subscriber runs either in the transaction or as a task, not both")

    def register(handler: Handler) -> Handler:
        for event_type in event_types:
            subs = _subscriptions.setdefault(event_type, [])
            if not any(s.handler is handler for s in subs):
                subs.append(Subscription(handler, as_task, in_transaction))
        return handler

    return register


def subscriptions(event_type: type[Event]) -> list[Subscription]:
    """Subscriptions for ``event_type`` and for its base classes (subscribing to ``Event`` gets every event)."""
    found: list[Subscription] = []
    for cls in reversed(event_type.__mro__):
        found.extend(_subscriptions.get(cls, ()))
    return found


_recorders: list[list[Event]] = []


def emit(event: Event, *, using: str | None = None) -> None:
    """Deliver ``event`` to its subscribers once the current transaction commits (at once outside one).

    In-transaction subscribers run now, inside the transaction; their failure fails the change.
    """
    from dauys.core import tasks

    # Inside a transaction, task subscribers are queued in it (the queue is a table of the same database): the
    # task is committed with the change or not at all, and the write costs no transaction of its own.
    queue_now = transaction.get_connection(using).in_atomic_block and tasks.queued_in_database()
    for sub in subscriptions(type(event)):
        if sub.in_transaction:
            sub.handler(event)
        elif sub.as_task and queue_now:
            tasks.enqueue(run_subscriber, sub.path, event.name, event.payload())
    transaction.on_commit(lambda: _deliver(event, queued=queue_now), using=using)


def _deliver(event: Event, *, queued: bool) -> None:
    for recorder in _recorders:
        recorder.append(event)
    for sub in subscriptions(type(event)):
        if sub.in_transaction:
            continue
        if sub.as_task:
            if not queued:
                from dauys.core import tasks

                tasks.enqueue(run_subscriber, sub.path, event.name, event.payload())
            continue
        try:
            sub.handler(event)
        except Exception:
            # The write is committed; a failing side effect must not hide it from the others.
            logger.exception("subscriber %s failed on %s", sub.path, event.name)


def run_subscriber(handler_path: str, event_name: str, payload: dict[str, Any]) -> None:
    """Task entry point: rebuild the event and call one subscriber (exceptions make the queue retry)."""
    handler = import_string(handler_path)
    handler(Event.from_payload(event_name, payload))


@contextmanager
def record_events() -> Iterator[list[Event]]:
    """Collect every event delivered inside the block, in order (for tests and the shell)."""
    seen: list[Event] = []
    _recorders.append(seen)
    try:
        yield seen
    finally:
        _recorders.remove(seen)
