"""Helpers that keep personal data out of storage and logs."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client, for hashing only (never stored, never logged).

    Behind a reverse proxy (``DAUYS_BEHIND_PROXY=1``) every request comes from the proxy, and one address for the
    whole world would make every per-address limit a limit for everyone. A request from one of the trusted proxies
    (``DAUYS_TRUSTED_PROXIES``, loopback by default) is then attributed to the last address of its
    ``X-Forwarded-For``: the one that proxy appended, which a client cannot forge (whatever a client sends itself
    stands to its left).
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY and peer in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return peer


def client_key(request: HttpRequest, *, purpose: str = "ratelimit") -> str:
    """Return a keyed hash of the client address that changes every day.

    Rate limits need to tell clients apart for a few minutes, not to know who they are: the address itself is
    never stored, and yesterday's hashes cannot be linked to today's.
    """
    address = client_address(request) or "unknown"
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}:{day}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]
