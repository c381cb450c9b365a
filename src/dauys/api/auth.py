"""Token authentication for writes: ``Authorization: Bearer <token>`` (also Open311's ``api_key``)."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from dauys.accounts.models import ApiToken

# digest -> (user, expires at): the lookup (a join over two tables) is most of a small write's cost. A revoked
# token stops working in every process within TOKEN_CACHE_SECONDS.
TOKEN_CACHE_SECONDS = 60.0
_cache: dict[str, tuple[Any, float]] = {}
_lock = threading.Lock()


def user_for_token(secret: str) -> Any | None:
    digest = ApiToken.digest_of(secret)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(digest)
    if hit is not None and hit[1] > now:
        return hit[0]
    user = _lookup(digest)
    with _lock:
        if len(_cache) > 10_000:
            _cache.clear()
        if user is not None:
            _cache[digest] = (user, now + TOKEN_CACHE_SECONDS)
        else:
            _cache.pop(digest, None)
    return user


def _lookup(digest: str) -> Any | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, user__is_active=True, user__deleted_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    today = timezone.localdate()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
    return token.user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


def forget_user(user_id: int) -> None:
    with _lock:
        for digest in [d for d, (user, _expires) in _cache.items() if user.pk == user_id]:
            del _cache[digest]
