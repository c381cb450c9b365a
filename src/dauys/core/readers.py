"""Values read with a signed-in reader's session, in the same statement (``accounts.sessions``).

What reads the session (accounts) and what asks for values (the stored pages' slots) meet here, so that neither
imports the other. Values are asked for before the reader is known (``want``: a scalar subquery over the session's
``s.user_id``), or for every signed-in reader (``want_always``); the session's statement reads them and leaves them
with the account it read (``remember``), where ``wanted`` finds them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

Subquery = tuple[str, list[Any]]  # SQL over ``s.user_id``, and its parameters

_always: dict[str, Subquery] = {}
WANTS = "dauys_reader_wants"  # the request's own, in its __dict__
VALUES = "dauys_reader_values"  # on the account read with the session


def want_always(name: str, sql: str, params: list[Any] | None = None) -> None:
    """Read ``sql`` with every signed-in reader's session."""
    _always[name] = (sql, list(params or []))


def want(request: HttpRequest, name: str, sql: str, params: list[Any]) -> None:
    """Read ``sql`` with this request's session, if it has not been read yet."""
    request.__dict__.setdefault(WANTS, {})[name] = (sql, params)


def wants(request: HttpRequest) -> dict[str, Subquery]:
    """Everything to read with this request's session, in a fixed order."""
    return {**_always, **request.__dict__.get(WANTS, {})}


def remember(user: Any, values: dict[str, Any]) -> None:
    setattr(user, VALUES, values)


def wanted(user: Any, name: str) -> tuple[bool, Any]:
    """(True, value) if ``name`` was read with this account's session; (False, None) otherwise."""
    values = getattr(user, VALUES, None)  # through a lazy ``request.user`` too
    if values is None or name not in values:
        return False, None
    return True, values[name]


def forget(user: Any, name: str) -> None:
    """The value ``name`` read with this account's session is out of date (the request changed it)."""
    values = getattr(user, VALUES, None)
    if values is not None:
        values.pop(name, None)
