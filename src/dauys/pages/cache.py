"""A per-process cache of public pages, invalidated by domain events.

Most traffic to a civic site is people reading public pages. Rendering each of them again costs a template
render and several queries; serving a stored copy costs a dictionary lookup. Two kinds of copies are kept:

- **Anonymous copies**, for visitors without an account: a GET or HEAD under a language prefix that carries no
  session, messages or remembered-guest cookie, answered with a 200 that sets no cookie. What must differ from
  one visitor to the next is rendered as a marker (``pages.slots``: the CSRF token of a form, a guest's challenge)
  and filled in for each response, with the visitor's own CSRF cookie or a new one set as Django would.
- **Members' copies**, for signed-in readers of the views marked ``@shared_page``: the page is rendered once for
  "a signed-in reader" with its personal spots left as markers (``pages.slots``: the unread badge, your support
  and follow buttons, the CSRF token), and each reader's response is that copy with the markers filled in. An
  account the page shows something nobody else sees (``owned_by``: an author and their own problem) gets a copy
  of its own, never the readers' one. Staff accounts, readers with a pending message and views that call
  ``private_page(request)`` (a draft) always get a full render.

Freshness: each event bumps the generation of the tags of the pages it touches in the shared cache (Redis, or the
database cache), as its app declares (``pages.freshness``): a support only bumps its problem's tag, so the
problem's page is exact at once while lists may show a support count up to ``PAGE_CACHE_SECONDS`` old. A rare
event that any page may show (a renamed account) bumps the generation of every page.
Each process reads a generation at most once per ``GENERATION_CHECK`` seconds, so a public change shows within
about a second in every process. Entries also expire after ``PAGE_CACHE_SECONDS`` for changes made outside
services (an operator's edit in the admin of something without events).
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as Authentication
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone
from django.utils.module_loading import import_string

from dauys.pages import freshness, slots, state
from dauys.pages.state import Render

GENERATION_KEY = "web:pages:generation"
TAG_KEY = "web:pages:tag:"
GENERATION_CHECK = 1.0
MAX_ENTRIES = 4000
MAX_TAGS = 50_000
PAGE_PATH = re.compile(r"^/(?:kk|ru|en)/(?!admin/|accounts/)")
# Cookies that make what a visitor sees their own (the session's, Django's messages', and those apps declare with
# ``private_cookie``): such a visitor is never served, nor leaves, an anonymous copy.
_private_cookies: list[str] = []


def private_cookie(name: str) -> None:
    """Declare a cookie (an app's own) whose holder sees pages of their own: no anonymous copy for them."""
    if name not in _private_cookies:
        _private_cookies.append(name)


def _holds_private_cookie(request: HttpRequest) -> bool:
    names = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, *_private_cookies)
    return any(name in request.COOKIES for name in names)


View = TypeVar("View", bound=Callable[..., HttpResponse])


@dataclass(frozen=True)
class Entry:
    generation: int
    tags: tuple[tuple[str, int], ...]
    stored_at: float
    day: date  # pages say "today" and "3 working days left": a copy is not served after the day it was made
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    parts: slots.Split | None = None  # a members' copy, cut at its personal slots
    owners: frozenset[int] = frozenset()  # accounts that see this page differently (``owned_by``): never served it


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.generation = 0
        self.checked_at = 0.0
        self.tag_generations: dict[str, tuple[int, float]] = {}

    def current_generation(self) -> int:
        now = time.monotonic()
        if now - self.checked_at >= GENERATION_CHECK:
            self.generation = int(cache.get(GENERATION_KEY) or 0)
            self.checked_at = now
        return self.generation

    def tag_generation(self, tag: str) -> int:
        now = time.monotonic()
        known = self.tag_generations.get(tag)
        if known is not None and now - known[1] < GENERATION_CHECK:
            return known[0]
        generation = int(cache.get(TAG_KEY + tag) or 0)
        if len(self.tag_generations) >= MAX_TAGS:
            self.tag_generations.clear()
        self.tag_generations[tag] = (generation, now)
        return generation

    def get(self, key: str) -> Entry | None:
        generation = self.current_generation()
        with self.lock:
            entry = self.entries.get(key)
        if entry is None:
            return None
        fresh = (
            entry.generation == generation
            and time.monotonic() - entry.stored_at <= settings.PAGE_CACHE_SECONDS
            and entry.day == timezone.localdate()
            and all(self.tag_generation(tag) == seen for tag, seen in entry.tags)
        )
        with self.lock:
            if not fresh:
                self.entries.pop(key, None)
                return None
            if key in self.entries:
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
            self.tag_generations.clear()


store = _Store()


def forget_all(**kwargs: object) -> None:
    """Drop this process's stored pages (a restart does the same)."""
    store.clear()


def _bump(*keys: str) -> None:
    counters_incr = getattr(cache, "counters_incr", None)
    if counters_incr is not None:  # Redis: one round trip for them all
        counters_incr(list(keys))
        return
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=None)


def invalidate(tags: Iterable[str] | None = None) -> None:
    """Make every process drop the stored pages of these tags, or every stored page (within GENERATION_CHECK s)."""
    if tags is None:
        _bump(GENERATION_KEY)
        store.clear()
        return
    tags = tuple(tags)
    if tags:
        _bump(*(TAG_KEY + tag for tag in tags))
    for tag in tags:
        store.tag_generations.pop(tag, None)


def shared_page(view: View) -> View:
    """Mark a view whose page signed-in readers may get from the members' copy (see the module's docstring)."""
    view.shared_page = True  # type: ignore[attr-defined]
    return view


def private_page(request: HttpRequest) -> None:
    """Called by a view that shows this reader something nobody else sees: no copy is made of this response."""
    state.of(request).private = True


def owned_by(request: HttpRequest, user_id: int | None) -> None:
    """This page shows the account ``user_id`` something nobody else sees (an author their own problem): a copy of
    it made for anyone else is never served to that account, who gets a full render."""
    if user_id is not None:
        page = state.of(request)
        page.owners = (*page.owners, user_id)


def tag_page(request: HttpRequest, *tags: str, lists: bool = True) -> None:
    """Name the objects this page shows, so that the events touching them refresh it (``pages.freshness``).
    ``lists=False``: the page shows those objects only, so the events that touch lists leave it as it is."""
    page = state.of(request)
    page.tags = (*page.tags, *tags)
    page.lists = page.lists and lists


def _tags(request: HttpRequest) -> tuple[tuple[str, int], ...]:
    page = state.of(request)
    tags = (*page.tags, freshness.LISTS) if page.lists else page.tags
    return tuple((tag, store.tag_generation(tag)) for tag in tags)


def _host(request: HttpRequest) -> str | None:
    """The request's host, checked once per request; None for a host not in ALLOWED_HOSTS, which goes down the
    chain to be refused in the reader's language."""
    page = state.of(request)
    if page.host is None:
        try:
            page.host = request.get_host()
        except DisallowedHost:
            page.host = ""
    return page.host or None


def _address(request: HttpRequest) -> str:
    return f"{request.scheme}://{_host(request)}{request.get_full_path()}"


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and PAGE_PATH.match(request.path) is not None
        and not _holds_private_cookie(request)
        and _host(request) is not None
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not state.of(request).private
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _response(request: HttpRequest, entry: Entry, content: bytes) -> HttpResponse:
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(content))
    return response


def _entry(request: HttpRequest, generation: int, response: HttpResponse, parts: slots.Split | None) -> Entry:
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() != "content-length")
    content = response.content
    owners = frozenset(state.of(request).owners)
    return Entry(
        generation,
        _tags(request),
        time.monotonic(),
        timezone.localdate(),
        response.status_code,
        content,
        headers,
        parts,
        owners,
    )


class StoredPageMiddleware:
    """Serves the stored copies, anonymous and members', before the session middleware (see ``_members_own``), and
    stores the anonymous ones; the members' copies are made by ``MemberPageCacheMiddleware``, around the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            if _member_candidate(request):
                entry = store.get(_member_key(request))
                if entry is not None and entry.parts is not None:
                    response = _members_own(request, entry)
                    if response is not None:
                        return response
            return self.get_response(request)
        key = _address(request)
        entry = store.get(key)
        if entry is not None:
            if entry.parts is None:
                return _response(request, entry, entry.content)
            return _visitors_own(request, _response(request, entry, b""), entry.parts)
        generation = store.current_generation()
        state.of(request).render = Render.ANONYMOUS_COPY  # per-visitor values are markers (see below)
        response = self.get_response(request)
        if response.streaming:
            return response
        parts = slots.split(response.content) if slots.MARK.search(response.content) else None
        if _cacheable_response(request, response):
            store.put(key, _entry(request, generation, response, parts))
        return response if parts is None else _visitors_own(request, response, parts)


def _visitors_own(request: HttpRequest, response: HttpResponse, parts: slots.Split) -> HttpResponse:
    """A visitor's response from a copy with markers: their CSRF token and values drawn per response, such as a
    guest's challenge, in the page's language. A stored copy is served before ``CsrfViewMiddleware`` runs, so its
    two steps are run here: the visitor's secret read from their cookie (or a new one), and the cookie set (or
    its expiry renewed) once the page used the token."""
    return _filled(request, response, parts, (_CSRF,))


def _filled(request: HttpRequest, response: HttpResponse, parts: slots.Split, finish: tuple[Any, ...]) -> HttpResponse:
    """``response`` with the copy's markers filled in for this request, in the page's language (a copy is served
    before ``LocaleMiddleware``), then finished by the ``process_response`` of the middleware it was served
    before (``finish``, inside out). The reader's CSRF secret comes from their cookie, or a new one is made."""
    from django.utils import translation

    if "CSRF_COOKIE" not in request.META:
        _CSRF.process_request(request)
    language = request.path.split("/", 2)[1]  # a page's address starts with its language (PAGE_PATH)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        content = slots.fill_split(request, parts)
        response.content = b"" if request.method == "HEAD" else content
        response.headers["Content-Length"] = str(len(content))
        for middleware in finish:
            response = middleware.process_response(request, response)
    return response


def _members_own(request: HttpRequest, entry: Entry) -> HttpResponse | None:
    """A signed-in reader's response from the members' copy, served before the session, locale, CSRF, messages and
    authentication middleware run (as an anonymous copy is), or None: this reader gets the full chain (staff, a
    pending message, a copy of their own not made yet, a session that names nobody).

    Their work is done here with Django's own steps: the session is opened as ``SessionMiddleware`` would, the
    reader read with it in one statement (``accounts.sessions.get_user``: what the copy's slots need comes with
    it, and Django's rules decide who is signed in), the slots filled in the page's language, and the response
    finished by the ``process_response`` of the locale, CSRF, session and X-Frame-Options middleware, so that its
    headers and cookies are those of a page served at the end of the chain."""
    _SESSION.process_request(request)
    slots.want(request, entry.parts)  # type: ignore[arg-type]
    _authentication().process_request(request)  # the reader, read with the session when first asked for
    if not _member_request(request):
        return None
    if request.user.pk in entry.owners:
        own = store.get(_member_key(request, request.user.pk))
        if own is None or own.parts is None:
            return None
        entry = own
    return _filled(request, _response(request, entry, b""), entry.parts, _members_finish())  # type: ignore[arg-type]


def _unused(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


# Django's own middleware, for their steps on a copy served before them (their get_response is never called).
_CSRF = CsrfViewMiddleware(_unused)
_SESSION = SessionMiddleware(_unused)
# The middleware whose response step a members' copy still needs when it is served early. The others after
# StoredPageMiddleware add nothing to such a response: CommonMiddleware (no redirects or 404s for a stored
# address), authentication, messages (a reader with a pending message gets the full chain), allauth's, and the
# members' copies' own. An anonymous copy is stored with these headers already and only needs the CSRF step.
FINISHED_EARLY = (XFrameOptionsMiddleware, CsrfViewMiddleware, LocaleMiddleware, SessionMiddleware)


def _served_before(*kinds: type[Any]) -> list[Any]:
    """Instances of the middleware of ``settings.MIDDLEWARE`` after this module's that are of ``kinds``, in order
    (a stored copy is served before them, so their steps are run for it)."""
    after = settings.MIDDLEWARE[settings.MIDDLEWARE.index(f"{__name__}.{StoredPageMiddleware.__name__}") + 1 :]
    return [cls(_unused) for cls in map(import_string, after) if isinstance(cls, type) and issubclass(cls, kinds)]


@functools.cache
def _authentication() -> Any:
    """The authentication middleware (its step that says who the reader is)."""
    return _served_before(Authentication)[0]


@functools.cache
def _members_finish() -> tuple[Any, ...]:
    """The ``FINISHED_EARLY`` middleware in the order their process_response runs at the end of the chain (inside
    out)."""
    return tuple(reversed(_served_before(*FINISHED_EARLY)))


def _member_key(request: HttpRequest, owner: int | None = None) -> str:
    """The members' copy of this address, or with ``owner`` the copy made for that account alone (``owned_by``)."""
    who = "" if owner is None else f"{owner}:"
    return f"member:{who}{_address(request)}"


def _member_candidate(request: HttpRequest) -> bool:
    """Might be served a members' copy: a page read with a session cookie (who it is remains to be seen)."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and PAGE_PATH.match(request.path) is not None
        and _host(request) is not None
    )


def _member_request(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and PAGE_PATH.match(request.path) is not None
        and user is not None
        and user.is_authenticated
        and not user.is_staff
        and CookieStorage.cookie_name not in request.COOKIES
        and "_messages" not in request.session
    )


class MemberPageCacheMiddleware:
    """The members' copies: after authentication, so it knows the reader; around the view, so it knows the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _member_candidate(request):
            # A copy is stored only for a view marked @shared_page, so a stored copy of this address is served
            # without resolving the URL again; what its slots need is read with the reader's session.
            entry = store.get(_member_key(request))
            if entry is not None and entry.parts is not None:
                slots.want(request, entry.parts)
                if _member_request(request):
                    if request.user.pk in entry.owners:
                        entry = store.get(_member_key(request, request.user.pk))
                    if entry is not None and entry.parts is not None:
                        return _response(request, entry, slots.fill_split(request, entry.parts))
        response = self.get_response(request)
        page = state.of(request)
        key = page.member_key
        if key is None or response.streaming:
            return response
        if request.user.pk in page.owners:
            key = _member_key(request, request.user.pk)  # the page turned out to be this reader's own: theirs alone
        entry = _entry(request, page.member_generation, response, slots.split(response.content))
        if _cacheable_response(request, response):
            store.put(key, entry)
        # The copy holds markers: whatever happened, this reader's response gets them filled in.
        response.content = slots.fill_split(request, entry.parts)  # type: ignore[arg-type]
        return response

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> Any:
        if not getattr(view, "shared_page", False) or not _member_request(request):
            return None
        key = _member_key(request)
        entry = store.get(key)
        if entry is None or request.user.pk in entry.owners:
            # The page's owner gets their own copy, never the readers' one (which may not have been made yet).
            own_key = _member_key(request, request.user.pk)
            own = store.get(own_key)
            if own is not None or entry is not None:
                key, entry = own_key, own
        if entry is not None and entry.parts is not None:
            return _response(request, entry, slots.fill_split(request, entry.parts))
        page = state.of(request)
        page.member_key, page.member_generation = key, store.current_generation()
        page.render = Render.MEMBERS_COPY
        return None


def csrf_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: in a stored copy every form's CSRF token is a marker, filled in per response."""
    if slots.is_copy_render(request):
        return {"csrf_token": slots.CSRF_MARK}
    return {}
