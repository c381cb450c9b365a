"""One task abstraction over django-q2.

The queue lives in the main database (SQLite embedded, PostgreSQL at scale) and needs no other server. A task
is acknowledged only after it ran: a task whose worker died (``kill -9`` included) is handed out again after
``DAUYS_TASK_RETRY`` seconds, and a failing task is retried up to ``max_attempts`` times. Periodic jobs are
django-q2 schedules, declared here and installed by ``sync_schedules()`` whenever the worker starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _path(func: Callable[..., Any] | str) -> str:
    if isinstance(func, str):
        return func
    return f"{func.__module__}.{func.__qualname__}"


_broker: Any = None


def _enqueue_broker() -> Any:
    """django-q2's ORM broker, without closing the database connection each time a task is queued, and with its
    row written by a prepared statement.

    The stock broker calls ``close_old_connections()`` whenever it is used outside a transaction, twice per task
    queued: right for the worker's long-lived polling loop (which keeps the stock broker), wrong inside a request
    or its on-commit hooks, where Django manages the connection. With SQLite (no persistent connections) every task
    a request queued reopened the database file twice; on PostgreSQL it forced a fresh health check each time.
    """
    global _broker
    if _broker is None:
        from django_q.brokers.orm import ORM
        from django_q.conf import Conf
        from django_q.models import OrmQ

        class RequestBroker(ORM):
            @staticmethod
            def get_connection(list_key: str | None = None) -> Any:
                return OrmQ.objects.using(Conf.ORM)

            def enqueue(self, task: Any) -> Any:
                # The stock broker's row, written by a prepared statement (a comment queues one task) that waits
                # for no answer: its id is used by nobody (django-q2 only logs it), and a comment sends the row
                # with its other writes (statements.together). The task is known by the id in its package.
                from django.db import connections
                from django.utils import timezone

                from dauys.core import statements

                row = OrmQ(key=self.list_key or Conf.CLUSTER_NAME, payload=task, lock=timezone.now())
                statements.insert(connections[Conf.ORM], row, returning=False)
                return None

        _broker = RequestBroker()
    return _broker


def queued_in_database() -> bool:
    """Whether a queued task is a row of the main database, written in the caller's transaction. False when the
    tasks run synchronously (the test settings): then a task must not run before the change it follows commits."""
    from django_q.conf import Conf

    return not Conf.SYNC and Conf.ORM == "default"


def enqueue(func: Callable[..., Any] | str, *args: Any, **kwargs: Any) -> str:
    """Queue ``func(*args, **kwargs)`` for a worker; return the task id."""
    from django_q.tasks import async_task

    return str(async_task(_path(func), *args, broker=_enqueue_broker(), **kwargs))


def enqueue_on_commit(func: Callable[..., Any] | str, *args: Any, using: str | None = None) -> None:
    """Queue ``func(*args)`` to run once the current transaction commits, and never if it rolls back.

    When the queue is a table of the same database, the task is written inside the transaction: it commits with the
    change or not at all, so a process killed between the commit and an on-commit hook loses no task. Otherwise
    (outside a transaction, or with the tasks run synchronously) it is queued on commit.
    """
    from django.db import transaction

    if transaction.get_connection(using).in_atomic_block and queued_in_database():
        enqueue(func, *args)
    else:
        transaction.on_commit(lambda: enqueue(func, *args), using=using)


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str
    minutes: int


_periodic: dict[str, Periodic] = {}


def periodic(*, minutes: int, name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the decorated function a periodic job run by the worker every ``minutes``."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        path = _path(func)
        _periodic[name or path] = Periodic(name or path, path, minutes)
        return func

    return register


def periodic_jobs() -> list[Periodic]:
    return sorted(_periodic.values(), key=lambda p: p.name)


def sync_schedules() -> None:
    """Make django-q2's schedule table match the declared periodic jobs (idempotent)."""
    from django_q.models import Schedule

    wanted = {p.name: p for p in periodic_jobs()}
    for job in wanted.values():
        Schedule.objects.update_or_create(
            name=job.name,
            defaults={
                "func": job.func,
                "schedule_type": Schedule.MINUTES,
                "minutes": job.minutes,
                "repeats": -1,
            },
        )
    Schedule.objects.filter(name__startswith="dauys.").exclude(name__in=wanted).delete()
