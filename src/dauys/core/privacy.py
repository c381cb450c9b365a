"""Helpers that keep personal data out of storage and logs."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest


def client_key(request: HttpRequest, *, purpose: str = "ratelimit") -> str:
    """Return a keyed hash of the client address that changes every day.

    Rate limits need to tell clients apart for a few minutes, not to know who they are: the address itself is
    never stored, and yesterday's hashes cannot be linked to today's.
    """
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}:{day}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]
