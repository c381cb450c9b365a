"""How fast people may comment and flag (core.ratelimit): generous for people, tight for scripts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dauys.core.privacy import client_key
from dauys.core.ratelimit import Limit, hit, hit_all

ACCOUNT_COMMENTS = (Limit(6, 60), Limit(60, 3600))
GUEST_COMMENTS = (Limit(3, 600), Limit(20, 86400))  # per client address (as a keyed hash)
ADDRESS_COMMENTS = (Limit(30, 600),)  # everyone behind one address together (a shared network stays usable)
ACCOUNT_FLAGS = (Limit(30, 3600),)


def comment(request: HttpRequest, user: Any) -> None:
    """Count a comment about to be written; raise ``RateLimited`` past a limit."""
    address = client_key(request, purpose="comments")
    if user is not None and user.is_authenticated:
        writer = ("comment:account", str(user.pk), ACCOUNT_COMMENTS)
    else:
        writer = ("comment:guest", address, GUEST_COMMENTS)
    hit_all(writer, ("comment:address", address, ADDRESS_COMMENTS))


def flag(user: Any) -> None:
    hit("flag:account", str(user.pk), *ACCOUNT_FLAGS)
