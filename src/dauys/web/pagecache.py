"""A per-process cache of public pages as anonymous visitors see them, invalidated by domain events.

Most traffic to a civic site is people without an account reading public pages. Rendering each of them again
costs a template render and several queries; serving a stored copy costs a dictionary lookup. Only responses
that are the same for every anonymous visitor are stored:

- the request is a GET or HEAD under a language prefix, and carries no session or messages cookie;
- the response is a 200 that sets no cookie and did not use the CSRF token (pages with a POST form are never
  stored, since their token belongs to one visitor).

Freshness: every domain event bumps a generation number in the shared cache (Redis, or the database cache). Each
process reads it at most once per ``GENERATION_CHECK`` seconds and drops entries of an older generation, so a
public change shows within about a second in every process. Entries also expire after ``PAGE_CACHE_SECONDS``
for changes made outside services (an operator's edit in the admin of something without events).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "web:pages:generation"
GENERATION_CHECK = 1.0
MAX_ENTRIES = 4000
PAGE_PATH = re.compile(r"^/(?:kk|ru|en)/(?!admin/|accounts/)")
PRIVATE_COOKIES = ("sessionid", "messages")


@dataclass(frozen=True)
class Entry:
    generation: int
    stored_at: float
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.generation = 0
        self.checked_at = 0.0

    def current_generation(self) -> int:
        now = time.monotonic()
        if now - self.checked_at >= GENERATION_CHECK:
            self.generation = int(cache.get(GENERATION_KEY) or 0)
            self.checked_at = now
        return self.generation

    def get(self, key: str) -> Entry | None:
        generation = self.current_generation()
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry.generation != generation or time.monotonic() - entry.stored_at > settings.PAGE_CACHE_SECONDS:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.checked_at = 0.0


store = _Store()


def invalidate() -> None:
    """Make every process drop its stored pages (within GENERATION_CHECK seconds)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 1, timeout=None)
    store.clear()


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and PAGE_PATH.match(request.path) is not None
        and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        entry = store.get(key)
        if entry is not None:
            response = HttpResponse(b"" if request.method == "HEAD" else entry.content, status=entry.status)
            for name, value in entry.headers:
                response.headers[name] = value
            response.headers["Content-Length"] = str(len(entry.content))
            return response
        generation = store.current_generation()
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = tuple((k, v) for k, v in response.headers.items() if k.lower() != "content-length")
            store.put(key, Entry(generation, time.monotonic(), response.status_code, response.content, headers))
        return response
