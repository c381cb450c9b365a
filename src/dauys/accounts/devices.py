"""Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a stranger cannot lock a citizen
out of their account, and guessing passwords is still throttled, without storing anyone's address.

Failed logins are counted per account (``ACCOUNT_RATE_LIMITS["login_failed"]``). Counted that way alone, five wrong
passwords typed by anyone lock the owner out too. So a browser that has signed in to an account gets a signed
cookie for it, and a login attempt from a browser that shows one is counted apart, under that cookie: a stranger
exhausts only the count of browsers the account does not know, and the owner's own browser still signs in. The
cookie holds a random nonce and a keyed hash of the account's address (never the address), for up to five
accounts, and nothing else; it is used for this count only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase

COOKIE = "dauys_device"
SALT = "dauys.accounts.devices"
MAX_ACCOUNTS = 5
YEAR = 365 * 24 * 3600


def _login_hash(login: str) -> str:
    key = hashlib.sha256(f"{SALT}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, login.strip().lower().encode(), hashlib.sha256).hexdigest()[:24]


def _entries(request: HttpRequest) -> dict[str, str]:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return {}
    try:
        value = signing.loads(raw, salt=SALT, max_age=YEAR)
    except signing.BadSignature:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def known(request: HttpRequest, login: str) -> str | None:
    """The nonce this browser holds for the account ``login`` names, if it signed in to it before."""
    return _entries(request).get(_login_hash(login)) if login else None


def remember(request: HttpRequest, response: HttpResponseBase, login: str) -> None:
    """After a successful sign-in: this browser is one the account knows (the newest five accounts are kept)."""
    entries = _entries(request)
    hashed = _login_hash(login)
    nonce = entries.pop(hashed, None) or secrets.token_urlsafe(12)
    kept = dict(list(entries.items())[-(MAX_ACCOUNTS - 1) :]) | {hashed: nonce}
    response.set_cookie(
        COOKIE,
        signing.dumps(kept, salt=SALT),
        max_age=YEAR,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
