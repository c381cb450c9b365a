"""Fixed-window counters: with Redis every counter of an action in one command, and each window ends on time."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches

from dauys.core.ratelimit import Limit, RateLimited, hit


def test_a_limit_counts_within_its_window_and_says_how_long_to_wait() -> None:
    limits = (Limit(2, 3600), Limit(100, 86400))
    hit("test:scope", "someone", *limits)
    hit("test:scope", "someone", *limits)
    with pytest.raises(RateLimited) as refused:
        hit("test:scope", "someone", *limits)
    assert 1 <= refused.value.retry_after <= 3600
    hit("test:scope", "someone-else", *limits)  # counters are per who


def test_redis_counts_in_one_command_and_windows_end_on_time(settings) -> None:  # type: ignore[no-untyped-def]
    if not settings.REDIS_URL:
        pytest.skip("Redis: the CI's second pass")
    cache = caches["ratelimit"]
    assert cache.window_counts([("t:short", 3), ("t:long", 60)]) == [1, 1]
    assert cache.window_counts([("t:short", 3), ("t:long", 60)]) == [2, 2]
    client = cache._cache.get_client(None)
    ttl = client.ttl(cache.make_and_validate_key("t:short"))
    assert 0 < ttl <= 3  # set when the window opened, not pushed back by later counts
    time.sleep(3.2)
    assert cache.window_counts([("t:short", 3), ("t:long", 60)]) == [1, 3]


def test_redis_counts_on_after_the_server_forgot_the_script(settings) -> None:  # type: ignore[no-untyped-def]
    if not settings.REDIS_URL:
        pytest.skip("Redis: the CI's second pass")
    cache = caches["ratelimit"]
    assert cache.window_counts([("t:flushed", 60)]) == [1]
    client = cache._cache.get_client(None)
    client.script_flush()  # as after a Redis restart: the digest the client sends is unknown
    assert cache.window_counts([("t:flushed", 60)]) == [2]
    assert client.ttl(cache.make_and_validate_key("t:flushed")) > 0
