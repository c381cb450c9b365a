"""Django's PostgreSQL backend, with the health check of a persistent connection only after it has idled.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every request, so that a
connection the server dropped (a restart, an idle timeout) is replaced instead of failing the request. On a busy
site that doubles the round trips of a small write such as a support. A connection used less than
``HEALTH_CHECK_AFTER_IDLE`` seconds ago was working then; it is checked only when it has idled longer. The cost:
a server restart within those seconds of a request fails one request per connection (Django then drops the
connection, and the next request opens a new one), as with health checks off.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.backends.postgresql import base

HEALTH_CHECK_AFTER_IDLE = 5.0
# psycopg prepares a statement after this many runs; Django's client-side cursors never prepare, so this only lets
# the statements sent with prepare=True (core.statements) be prepared. Django's default, None, forbids even those.
PREPARE_ONLY_WHEN_ASKED = 2**31 - 1


class DatabaseWrapper(base.DatabaseWrapper):
    used_at = 0.0

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        if params.get("prepare_threshold") is None:
            params["prepare_threshold"] = PREPARE_ONLY_WHEN_ASKED
        return params

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and not self.health_check_done  # type: ignore[has-type]
            and time.monotonic() - self.used_at < HEALTH_CHECK_AFTER_IDLE
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _cursor(self, name: Any = None) -> Any:
        cursor = super()._cursor(name)  # type: ignore[misc]
        self.used_at = time.monotonic()
        return cursor
