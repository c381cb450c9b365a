"""Database sessions (the embedded default, without Redis) read by one written-out query.

Every request of a signed-in person loads their session; without a shared cache that is a query on every page,
and the ORM's compiling of it costs more than the query itself. Writing, expiry and clearing are Django's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
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
