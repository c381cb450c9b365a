"""Sessions in the database, read together with the signed-in account in one statement.

Every request of a signed-in person needs their session, their account and a few figures of their own (the unread
count, on a problem's page whether they support and follow it). Read one by one these were three or four round
trips (Redis or the database), and on a page served from the members' copy (``pages.cache``) they were most of
its cost. The session table therefore keeps the account's id in a column of its own (``Session.user_id``, written
whenever the session is saved), and ``get_user`` reads the session, the account and every value the page asked
for (``want``) with one ``SELECT … LEFT JOIN``. Django's own rules still decide who is signed in: the row only
primes the session and the authentication backend (``backends._CachedUser``), then ``django.contrib.auth.get_user``
checks the backend, the account's state and the session's auth hash as always, so a log-out, a password change or
a deactivation in another process takes effect on the next request.
"""

from __future__ import annotations

import contextvars
import functools
import json
from typing import Any

from django.contrib import auth
from django.contrib.sessions.backends import db
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpRequest
from django.utils import timezone

from dauys.accounts.models import Session, User
from dauys.core import readers, statements

# The account read with the session, offered to the authentication backend while Django checks it.
prefetched: contextvars.ContextVar[User | None] = contextvars.ContextVar("prefetched_account", default=None)

# Stored session text -> its data as JSON, for texts whose signature was checked (``SessionStore.decode``).
_decoded: dict[bytes | str, str] = {}
DECODED_MAX = 10_000


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session = super().create_model_instance(data)
        user_id = str(data.get(auth.SESSION_KEY, ""))
        session.user_id = int(user_id) if user_id.isdigit() else None  # type: ignore[attr-defined]
        return session

    def _get_session_from_db(self) -> Any:
        # Written out: without a reader query (a request that never asks who is signed in) this is still one
        # statement per request, and the ORM's compiling costs more than the query.
        key = self.session_key  # None when the cookie's key is not a valid session key
        row = None
        if key is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT session_data FROM {self.model._meta.db_table}"  # noqa: S608 (our own table name)
                    " WHERE session_key = %s AND expire_date > %s",
                    [key, connection.ops.adapt_datetimefield_value(timezone.now())],
                )
                row = cursor.fetchone()
        if key is None or row is None:
            self._session_key = None
            return None
        return self.model(session_key=key, session_data=row[0])

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        """Django's decoding, once per stored text: checking the signature (two SHA-256 key derivations and an
        HMAC), base64 and zlib cost ~60 µs on every signed-in request. A text decoded before is parsed again from
        its JSON (a few µs), so no request ever holds an object another request could change. A text that does
        not verify decodes to ``{}``, as in Django, and is not remembered."""
        known = _decoded.get(session_data)
        if known is not None:
            return json.loads(known)
        decoded: dict[str, Any] = super().decode(session_data)
        if decoded:
            if len(_decoded) >= DECODED_MAX:
                _decoded.clear()
            _decoded[session_data] = json.dumps(decoded)
        return decoded

    def prime(self, session_data: str | None) -> None:
        """Take the session as the reader's statement found it (None: no such session, or it expired)."""
        if session_data is None:
            self._session_key = None
            self._session_cache = {}
        else:
            self._session_cache = self.decode(session_data)


@functools.cache
def _user_columns() -> str:
    return ", ".join(f"u.{field.column}" for field in User._meta.concrete_fields)


@functools.cache
def _user_converters(alias: str) -> tuple[tuple[Any, ...], ...]:
    """Per column of the account, what the ORM would convert a raw value with (SQLite gives dates as text)."""
    db = connections[alias]
    return tuple(
        tuple(db.ops.get_db_converters(field.get_col(User._meta.db_table)) + field.get_db_converters(db))
        for field in User._meta.concrete_fields
    )


def account_from_row(db: Any, values: tuple[Any, ...]) -> User:
    """An account from the values of its concrete fields in order, read by a written-out statement."""
    converted = []
    for value, converters in zip(values, _user_converters(db.alias), strict=True):
        for convert in converters:
            value = convert(value, None, db)
        converted.append(value)
    # field_names None: the values are every concrete field, in order (from_db then skips matching names)
    return User.from_db(db.alias, None, converted)  # type: ignore[arg-type]


def _read(request: HttpRequest) -> Any:
    session = getattr(request, "session", None)
    if not isinstance(session, SessionStore) or hasattr(session, "_session_cache") or session.session_key is None:
        return auth.get_user(request)
    wants = readers.wants(request)
    extra = "".join(f", ({sql})" for sql, _params in wants.values())
    params = [p for _sql, ps in wants.values() for p in ps]
    db = connections[DEFAULT_DB_ALIAS]
    # Written out (the ORM's compiling, or raw()'s column mapping, would cost more than the statement) and
    # prepared: PostgreSQL would spend longer planning it than running it.
    row = statements.fetchone(
        db,
        f"SELECT s.session_data, s.user_id, {_user_columns()}{extra}"  # noqa: S608 (our own names and subqueries)
        f" FROM {Session._meta.db_table} s LEFT JOIN {User._meta.db_table} u ON u.id = s.user_id"
        " WHERE s.session_key = %s AND s.expire_date > %s",
        [*params, session.session_key, db.ops.adapt_datetimefield_value(timezone.now())],
    )
    if row is None:
        session.prime(None)
        return auth.get_user(request)
    session.prime(row[0])
    account = None
    columns = len(User._meta.concrete_fields)
    if row[1] is not None and row[2] == row[1]:  # the session names an account, and it exists
        account = account_from_row(db, row[2 : 2 + columns])
        readers.remember(account, dict(zip(wants, row[2 + columns :], strict=True)))
    token = prefetched.set(account)
    try:
        return auth.get_user(request)
    finally:
        prefetched.reset(token)


def get_user(request: HttpRequest) -> Any:
    """The signed-in account (or AnonymousUser), read with the session in one statement when it can be."""
    if not hasattr(request, "_cached_user"):
        request._cached_user = _read(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]
