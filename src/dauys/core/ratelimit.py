"""Rate limits without tracking: fixed-window counters in the cache, keyed by an account id or by the day's keyed
hash of the client address (``core.privacy.client_key``), each gone when its window ends (at most a day).

With Redis the counters are shared by every process and exact. On the embedded default they live in each web
process's memory (the ``ratelimit`` cache): nothing about a client ever reaches the database or a file, and a
limit may be exceeded by at most the number of web processes times itself.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = math.ceil(retry_after / 60)
        if retry_after < 60:
            wait = ngettext("%(n)d second", "%(n)d seconds", retry_after) % {"n": retry_after}
        else:
            wait = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
        self.message = _("Too many in a short time. Please try again in %(wait)s.") % {"wait": wait}
        super().__init__(self.message)


def hit(scope: str, who: str, *limits: Limit) -> None:
    """Count one action of ``who`` under ``scope``; raise RateLimited if any limit is exceeded."""
    hit_all((scope, who, limits))


def hit_all(*counted: tuple[str, str, tuple[Limit, ...]]) -> None:
    """Count one action under several ``(scope, who, limits)`` at once (one command with Redis); raise
    RateLimited if any limit is exceeded. Every counter moves, as with one ``hit`` after another."""
    cache = caches["ratelimit"]
    now = time.time()
    wait = 0
    windows, keys = [], []
    for scope, who, limits in counted:
        for limit in limits:
            window = int(now // limit.seconds)
            windows.append((limit, window))
            keys.append((f"rl:{scope}:{limit.seconds}:{who}:{window}", limit.seconds + 1))
    window_counts = getattr(cache, "window_counts", None)  # Redis: every counter of this action in one command
    counts = (
        window_counts(keys) if window_counts is not None else [_count(cache, key, seconds) for key, seconds in keys]
    )
    for (limit, window), count in zip(windows, counts, strict=True):
        if count > limit.count:
            wait = max(wait, math.ceil((window + 1) * limit.seconds - now))
    if wait:
        raise RateLimited(max(wait, 1))


def _count(cache: Any, key: str, seconds: int) -> int:
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return 1
