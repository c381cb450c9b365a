"""Token authentication for writes: ``Authorization: Bearer <token>`` (also Open311's ``api_key``)."""

from __future__ import annotations

import functools
import threading
import time
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from dauys.accounts.models import ApiToken, User
from dauys.accounts.sessions import account_from_row
from dauys.core import statements

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


@functools.cache
def _lookup_sql(vendor: str) -> str:
    """The account of a token, and whether the token was used today. On PostgreSQL the same statement marks it
    used today when it was not (one prepared statement for the whole authentication)."""
    user, token = User._meta, ApiToken._meta
    columns = ", ".join(f"u.{f.column}" for f in user.concrete_fields)
    found = (
        f"SELECT {columns}, t.id AS token_id, t.last_used_on"  # noqa: S608 (our own names)
        f" FROM {token.db_table} t JOIN {user.db_table} u ON u.id = t.user_id"
        " WHERE t.digest = %s AND u.is_active AND u.deleted_at IS NULL"
    )
    if vendor != "postgresql":
        return found
    return (
        f"WITH found AS ({found}), used AS (UPDATE {token.db_table} SET last_used_on = %s"  # noqa: S608
        " WHERE id IN (SELECT token_id FROM found WHERE last_used_on IS DISTINCT FROM %s))"
        " SELECT * FROM found"
    )


def _lookup(digest: str) -> Any | None:
    # Written out rather than built by the ORM: every write of a token not seen in the last minute pays for it.
    today = timezone.localdate()
    postgresql = connection.vendor == "postgresql"
    params: list[Any] = [digest, today, today] if postgresql else [digest]
    row = statements.fetchone(connection, _lookup_sql(connection.vendor), params)
    if row is None:
        return None
    token_id, last_used_on = row[-2:]
    if not postgresql and last_used_on != today:  # SQLite: a second statement
        ApiToken.objects.filter(pk=token_id).update(last_used_on=today)
    return account_from_row(connection, row[:-2])


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
