"""Personal slots: the few parts of a public page that differ from one signed-in reader to the next.

A problem page looks the same to every signed-in reader except for a handful of spots: the unread-notification
badge, whether *you* support and follow the problem, and the CSRF token of each form. Templates mark such a spot
with ``{% personal "name" arg %}``; the named renderer below draws it for the current reader.

When a page is rendered for the shared members' copy (``pages.cache``), the tag writes a marker instead and
the CSRF token is a marker too. The copy is cut at its markers once (``split()``), and every response built from
it is filled in for its reader by ``fill_split()``, which costs a few small queries instead of a full render.
Renderers are registered by the apps in a ``slots`` module (imported at start-up) and draw from a plain context
(no context processors), so filling a slot never renders the page again.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[[HttpRequest, str], str]
# Asks, before the reader is known, for what a slot will need (``accounts.sessions.want``): read with the session.
Wants = Callable[[HttpRequest, str], None]

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
_renderers: dict[str, Renderer] = {}
_wants: dict[str, Wants] = {}


def slot(name: str, *, wants: Wants | None = None) -> Callable[[Renderer], Renderer]:
    """Register the renderer of a personal slot, and what it wants read with the reader's session."""

    def register(func: Renderer) -> Renderer:
        if name in _renderers and _renderers[name] is not func:
            raise ValueError(f"personal slot {name!r} is already registered")
        _renderers[name] = func
        if wants is not None:
            _wants[name] = wants
        return func

    return register


def is_shared_render(request: HttpRequest | None) -> bool:
    return bool(getattr(request, "shared_render", False))


def is_copy_render(request: HttpRequest | None) -> bool:
    """The page is rendered to be stored, for signed-in readers or for visitors (``anonymous_copy``): what must
    differ from one response to the next (the CSRF token, a guest's challenge) is written as markers."""
    return is_shared_render(request) or bool(getattr(request, "anonymous_copy", False))


def value_mark(name: str, arg: str) -> str:
    """The marker of a value drawn per response by the slot ``name`` (its renderer returns escaped text), for use
    where an HTML comment cannot stand: an attribute, a label."""
    if not (re.fullmatch("[a-z_]+", name) and re.fullmatch("[a-z_]+", arg)):
        raise ValueError(f"a value marker is named in lower-case letters and underscores, not {name!r} {arg!r}")
    return f"dauys-value-{NONCE}-{name}-{arg}"


def render(request: HttpRequest, name: str, arg: str) -> SafeString:
    if name not in _renderers:
        raise KeyError(f"no personal slot named {name!r}")
    if not ARG.fullmatch(arg):
        raise ValueError(f"a personal slot's argument is a slug or a number, not {arg!r}")
    if is_shared_render(request):
        return mark_safe(f"<!--dauys-slot-{NONCE}:{name}:{arg}-->")  # noqa: S308 (name and arg checked above)
    return mark_safe(_renderers[name](request, arg))  # noqa: S308 (renderers escape what they draw)


def csrf_token(request: HttpRequest) -> str:
    """This reader's CSRF token, masked once per response."""
    token = getattr(request, "slot_csrf_token", None)
    if token is None:
        secret = request.META.get("CSRF_COOKIE")
        if isinstance(secret, str) and len(secret) == CSRF_SECRET_LENGTH and _CSRF_SECRET.fullmatch(secret):
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token(): the cookie's expiry is renewed
            token = _mask(secret)
        else:
            token = get_token(request)
        request.slot_csrf_token = token  # type: ignore[attr-defined]
    return token


_CSRF_SECRET = re.compile(f"[{CSRF_ALLOWED_CHARS}]+")
_CSRF_INDEX = {char: i for i, char in enumerate(CSRF_ALLOWED_CHARS)}


def _mask(secret: str) -> str:
    """Django's masking of the CSRF secret (``csrf._mask_cipher_secret``), with the 32 random characters of the
    mask drawn from one ``os.urandom`` call instead of 32 calls of ``secrets.choice`` (a tenth of the cost; bytes
    from 248 up are skipped, so every character stays equally likely)."""
    chars, size = CSRF_ALLOWED_CHARS, len(CSRF_ALLOWED_CHARS)
    limit = 256 - 256 % size
    mask: list[int] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask.extend(byte % size for byte in os.urandom(CSRF_SECRET_LENGTH + 8) if byte < limit)
    mask = mask[:CSRF_SECRET_LENGTH]
    cipher = "".join(chars[(_CSRF_INDEX[c] + m) % size] for c, m in zip(secret, mask, strict=True))
    return "".join(chars[m] for m in mask) + cipher


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
        if name is not None and name in _wants:
            _wants[name](request, arg)


def fill_split(request: HttpRequest, parts: Split) -> bytes:
    """A copy cut by ``split``, with every marker replaced by what this reader must see."""
    texts, markers = parts
    out = [texts[0]]
    for (name, arg), text in zip(markers, texts[1:], strict=True):
        out.append(csrf_token(request).encode() if name is None else _renderers[name](request, arg).encode())
        out.append(text)
    return b"".join(out)
