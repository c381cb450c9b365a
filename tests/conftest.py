"""Shared fixtures. The reference data (places, authorities) is loaded once per test database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
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

    caches["ratelimit"].clear()
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
