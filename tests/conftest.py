"""Shared fixtures. The reference data (places, authorities) is loaded once per test database."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytest_plugins = ["tests.problem_fixtures"]


@pytest.fixture(autouse=True)
def english_outside_requests():  # type: ignore[no-untyped-def]
    """Code outside a request speaks English in tests; a request's language must not leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


# Every test runs on a known day, whatever day the suite runs: a Wednesday, 10:00 in Almaty, with no holiday in the
# fortnight around it (a weekend or a holiday moves registration days and deadlines). The clock ticks on from there,
# so timeouts and leases still pass. Tests that start other processes (``slow``: a server, a worker) or a browser read
# the real clock, as those processes do; tests of a given day travel further.
FROZEN_NOW = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture(autouse=True)
def _frozen_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("slow") or request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _commits_as_in_production(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run on-commit callbacks when the code's own outermost transaction ends, as a real commit would.

    A test that is not transactional runs inside a transaction of its own (TestCase's), which never commits, so
    Django would keep every on-commit callback until the test ends and then drop it: domain events would never
    reach their subscribers, and stored pages would never be dropped. Here a block of the code's own that ends with
    only the test's blocks around it counts as the commit, and a callback registered with no block of the code's
    own open runs at once. A rolled-back block (or savepoint) drops its callbacks, as Django does.
    ``django_capture_on_commit_callbacks`` still works: what ran already is not run twice. A test marked
    ``commits_held`` keeps Django's behaviour (it counts the statements of one transaction, without its callbacks).
    """
    if request.node.get_closest_marker("commits_held"):
        return
    from django.db import connections, transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    def only_the_tests_own(connection: BaseDatabaseWrapper) -> bool:
        return connection.in_atomic_block and all(block._from_testcase for block in connection.atomic_blocks)

    def call(func: Callable[[], object], robust: bool) -> None:
        if not robust:
            func()
            return
        try:
            func()
        except Exception:  # as Django does for a robust callback: logged, and the others still run
            logging.getLogger("django.db.backends.base").exception("on-commit callback failed")

    running = [False]

    def run(connection: BaseDatabaseWrapper) -> None:
        if running[0]:  # a callback's own blocks end while it runs: the loop below goes on after it
            return
        running[0] = True
        try:
            while connection.run_on_commit and only_the_tests_own(connection) and not connection.needs_rollback:
                _ids, func, robust = connection.run_on_commit.pop(0)
                call(func, robust)
        finally:
            running[0] = False

    original_exit = transaction.Atomic.__exit__
    original_on_commit = BaseDatabaseWrapper.on_commit

    def atomic_exit(self, exc_type, exc_value, traceback):  # type: ignore[no-untyped-def]
        result = original_exit(self, exc_type, exc_value, traceback)
        if exc_type is None:
            run(connections[self.using or "default"])
        return result

    def on_commit(self, func, robust=False):  # type: ignore[no-untyped-def]
        if only_the_tests_own(self) and not self.needs_rollback:
            call(func, robust)  # no transaction of the code's own is open: at once, as Django does outside one
        else:
            original_on_commit(self, func, robust)

    monkeypatch.setattr(transaction.Atomic, "__exit__", atomic_exit)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from dauys.authorities.services import authorities_seed
    from dauys.places.services import places_seed
    from dauys.problems.services.seed import categories_seed

    with django_db_blocker.unblock():
        places_seed()
        authorities_seed()
        categories_seed()


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    """Create a confirmed account: make_user("name", email=..., password=...)."""
    from allauth.account.models import EmailAddress

    from dauys.accounts.models import User

    counter = {"n": 0}

    def make(display_name: str | None = None, *, email: str | None = None, password: str = "correct horse battery"):
        counter["n"] += 1
        n = counter["n"]
        user = User(
            username=f"t{n}x{User.objects.count()}",
            display_name=display_name or f"Person {n}",
            email=email or f"person{n}@example.org",
        )
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture(autouse=True)
def _fresh_shared_cache(settings):  # type: ignore[no-untyped-def]
    """Rate-limit counters and page generations in Redis outlive a test; each test starts with none.

    (On SQLite the cache is a database table, rolled back or flushed with the test's data.)
    """
    from django.core.cache import caches

    from dauys.discussions import selectors
    from dauys.pages import cache as pagecache

    caches["ratelimit"].clear()
    pagecache.store.clear()  # a page stored by the last test shows that test's data
    selectors.forget_kept_pages()  # kept by this process under generations the flush resets
    if settings.REDIS_URL:
        import redis

        redis.Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test writes uploads to its own folder, so a test can check that nothing was left behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):  # type: ignore[no-untyped-def]
    """Transactional tests truncate every table when they end; put the reference data back for the next one."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from dauys.authorities.services import authorities_seed
    from dauys.places.services import places_seed
    from dauys.problems.services.seed import categories_seed

    places_seed()
    authorities_seed()
    categories_seed()


@contextmanager
def tables_of(django_db_blocker, *models: type) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Tables for models that tests declare (as another app would its own), made in the test database for the
    length of the block: a module-scoped fixture's ``with tables_of(django_db_blocker, Model): yield``."""
    from django.db import connection

    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            for model in models:
                editor.create_model(model)
        try:
            yield
        finally:
            with connection.schema_editor() as editor:
                for model in reversed(models):
                    editor.delete_model(model)


@pytest.fixture
def emitted(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run a service as production does, on-commit callbacks included, and give the names of the events it emitted
    with its result: ``names, result = emitted(services.x, **arguments)``."""
    from dauys.core.events import record_events

    def run(service: Callable[..., Any], /, **arguments: Any) -> tuple[list[str], Any]:
        with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
            result = service(**arguments)
        return [event.name for event in seen], result

    return run
