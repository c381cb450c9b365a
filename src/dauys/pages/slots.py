"""Personal slots: the few parts of a public page that differ from one signed-in reader to the next.

A problem page looks the same to every signed-in reader except for a handful of spots: the unread-notification
badge, whether *you* support and follow the problem, and the CSRF token of each form. Templates mark such a spot
with ``{% personal "name" arg %}``; the named renderer below draws it for the current reader.

When a page is rendered for the shared members' copy (``pages.cache``), the tag writes a marker instead and
the CSRF token is a marker too. The copy is cut at its markers once (``split()``), and every response built from
it is filled in for its reader by ``fill_split()``, which costs a few small queries instead of a full render.
Renderers are registered by the apps in a ``slots`` module (imported at start-up) and draw from a plain context
(no context processors), so filling a slot never renders the page again. What a slot needs to know about its
reader it declares (``reads``: ``exists(Support, about="problem")``); the package reads it with the reader's
session in the same statement (``core.readers``) and gives it to the renderer (``values``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

from dauys.core import readers
from dauys.core.seams import Registry
from dauys.pages import state
from dauys.pages.state import Render

Renderer = Callable[[HttpRequest, str], str]
T = TypeVar("T")

# Markers carry a random nonce of this process (shared copies never leave it), so text that somebody typed into
# a page can never pass for a marker.
NONCE = secrets.token_hex(12)
CSRF_MARK = f"dauys-csrf-{NONCE}"
# Two kinds of markers: a slot that draws HTML (an HTML comment), and a value that may also stand inside an
# attribute or a label (plain letters, digits and dashes, which escaping leaves as they are).
MARK = re.compile(
    rf"<!--dauys-slot-{NONCE}:([a-z_]+):([\w:.-]*)-->|dauys-value-{NONCE}-([a-z_]+)-([a-z_]+)|{CSRF_MARK}".encode()
)
ARG = re.compile(r"[\w:.-]*", re.ASCII)


@dataclass(frozen=True)
class Read:
    """A value a slot needs about its reader, declared instead of written as SQL: how many rows of ``model`` (or
    whether any) belong to the reader (``reader``: the field naming the account), about the slot's object
    (``about``: the field equal to the slot's argument, a number; or, with ``key``, to the string the argument
    makes: ``key="problem:{}"``) and with fixed values (``where``: field -> value, None meaning empty). The
    package turns it into a subquery read with the reader's session."""

    model: type[Model]
    about: str | None = None
    reader: str = "user"
    where: Mapping[str, Any] = field(default_factory=dict)
    count: bool = False
    key: str | None = None
    _texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # by reader_sql

    def sql(self, reader_sql: str, arg: str) -> tuple[str, list[Any]]:
        """The subquery, with the reader's account as ``reader_sql`` (a column, or a placeholder bound first)."""
        params: list[Any] = []
        if self.about is not None:
            params.append(self.key.format(arg) if self.key else int(arg))
        params.extend(value for value in self.where.values() if value is not None)
        return self._text(reader_sql), params

    def _text(self, reader_sql: str) -> str:
        """The subquery's text, written once per process (only the parameters differ from one request to the next)."""
        text = self._texts.get(reader_sql)
        if text is not None:
            return text
        meta, quote = self.model._meta, connection.ops.quote_name

        def column(name: str) -> str:
            return quote(str(meta.get_field(name).column))  # type: ignore[union-attr]  # a field, not a relation

        conditions = [f"{column(self.reader)} = {reader_sql}"]
        if self.about is not None:
            conditions.append(f"{column(self.about)} = %s")
        for name, value in self.where.items():
            conditions.append(f"{column(name)} IS NULL" if value is None else f"{column(name)} = %s")
        rows = f"FROM {quote(meta.db_table)} WHERE {' AND '.join(conditions)}"
        text = self._texts[reader_sql] = f"SELECT COUNT(*) {rows}" if self.count else f"EXISTS (SELECT 1 {rows})"
        return text


def exists(
    model: type[Model], *, about: str | None = None, key: str | None = None, reader: str = "user", **where: Any
) -> Read:
    return Read(model, about, reader, where, key=key)


def count(model: type[Model], *, about: str | None = None, reader: str = "user", **where: Any) -> Read:
    return Read(model, about, reader, where, count=True)


@dataclass(frozen=True)
class Slot:
    render: Renderer
    reads: Mapping[str, Read]
    always: bool  # on every signed-in page: its reads go with every reader's session, not only where it is marked


_slots: Registry[Slot] = Registry("personal slot")


def slot(name: str, *, reads: Mapping[str, Read] | None = None, always: bool = False) -> Callable[[Renderer], Renderer]:
    """Register the renderer of a personal slot and what it reads about the reader (``values`` gives them)."""

    def register(func: Renderer) -> Renderer:
        _slots.add(name, Slot(func, dict(reads or {}), always))
        if always:
            for read_name, read in (reads or {}).items():
                readers.want_always(_key(name, "", read_name), *read.sql("s.user_id", ""))
        return func

    return register


def _key(name: str, arg: str, read_name: str) -> str:
    return f"{name}:{arg}:{read_name}"


def values(request: HttpRequest, name: str, arg: str) -> dict[str, Any]:
    """What the slot ``name`` reads about this reader for ``arg``: as read with their session, or in one query."""
    slot = _slots[name]
    arg = "" if slot.always else arg
    found: dict[str, Any] = {}
    missing = []
    for read_name in slot.reads:
        known, value = readers.wanted(request.user, _key(name, arg, read_name))
        if known:
            found[read_name] = value
        else:
            missing.append(read_name)
    if missing:
        parts = [slot.reads[read_name].sql("%s", arg) for read_name in missing]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(f"({sql})" for sql, _ in parts),
                [p for _, params in parts for p in [request.user.pk, *params]],
            )
            found.update(zip(missing, cursor.fetchone(), strict=True))
    return {k: (bool(v) if not slot.reads[k].count else int(v)) for k, v in found.items()}


def forget(user: Any, name: str) -> None:
    """What the slot ``name`` read with this account's session is out of date (a service changed it)."""
    slot = _slots.get(name)
    for read_name in slot.reads if slot is not None and slot.always else ():
        readers.forget(user, _key(name, "", read_name))


def per_response(request: HttpRequest, name: str, make: Callable[[], T]) -> T:
    """A value drawn once per response and shared by the slots that show its parts (a guest's challenge)."""
    values = state.of(request).per_response
    if name not in values:
        values[name] = make()
    return values[name]


def is_shared_render(request: HttpRequest | None) -> bool:
    """The page is rendered for the members' copy: personal slots are markers."""
    return state.of(request).render is Render.MEMBERS_COPY


def is_copy_render(request: HttpRequest | None) -> bool:
    """The page is rendered to be stored, for signed-in readers or for visitors: what must differ from one response
    to the next (the CSRF token, a guest's challenge) is written as markers."""
    return state.of(request).copy


def value_mark(name: str, arg: str) -> str:
    """The marker of a value drawn per response by the slot ``name`` (its renderer returns escaped text), for use
    where an HTML comment cannot stand: an attribute, a label."""
    if not (re.fullmatch("[a-z_]+", name) and re.fullmatch("[a-z_]+", arg)):
        raise ValueError(f"a value marker is named in lower-case letters and underscores, not {name!r} {arg!r}")
    return f"dauys-value-{NONCE}-{name}-{arg}"


def render(request: HttpRequest, name: str, arg: str) -> SafeString:
    if name not in _slots:
        raise KeyError(f"no personal slot named {name!r}")
    if not ARG.fullmatch(arg):
        raise ValueError(f"a personal slot's argument is a slug or a number, not {arg!r}")
    if is_shared_render(request):
        return mark_safe(f"<!--dauys-slot-{NONCE}:{name}:{arg}-->")  # noqa: S308 (name and arg checked above)
    return mark_safe(_slots[name].render(request, arg))  # noqa: S308 (renderers escape what they draw)


def csrf_token(request: HttpRequest) -> str:
    """This reader's CSRF token, masked once per response (Django's ``get_token``: the secret from their cookie, or
    a new one with the cookie to be set; either way the cookie's expiry is renewed)."""
    page = state.of(request)
    if page.csrf_token is None:
        page.csrf_token = get_token(request)
    return page.csrf_token


# A shared copy cut at its markers: the text around them, and each marker's (slot name, argument); name None is
# the CSRF token. Cut once when the copy is stored, so that serving it does not search the page again.
Split = tuple[tuple[bytes, ...], tuple[tuple[str | None, str], ...]]


def split(content: bytes) -> Split:
    texts, markers, start = [], [], 0
    for match in MARK.finditer(content):
        texts.append(content[start : match.start()])
        if match.group(1) is not None:
            markers.append((match.group(1).decode(), match.group(2).decode()))
        elif match.group(3) is not None:
            markers.append((match.group(3).decode(), match.group(4).decode()))
        else:
            markers.append((None, ""))
        start = match.end()
    texts.append(content[start:])
    return tuple(texts), tuple(markers)


def want(request: HttpRequest, parts: Split) -> None:
    """Before the reader is read: ask for what the slots of this copy will need, to be read in the same statement."""
    for name, arg in parts[1]:
        slot = _slots.get(name or "")
        if name is not None and slot is not None and not slot.always:
            for read_name, read in slot.reads.items():
                readers.want(request, _key(name, arg, read_name), *read.sql("s.user_id", arg))


def fill_split(request: HttpRequest, parts: Split) -> bytes:
    """A copy cut by ``split``, with every marker replaced by what this reader must see."""
    texts, markers = parts
    out = [texts[0]]
    for (name, arg), text in zip(markers, texts[1:], strict=True):
        out.append(csrf_token(request).encode() if name is None else _slots[name].render(request, arg).encode())
        out.append(text)
    return b"".join(out)
