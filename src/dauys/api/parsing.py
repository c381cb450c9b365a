"""The API's JSON bodies, refusing text that no database of ours can store."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from dauys.api.errors import ApiError
from dauys.core.errors import unstorable


def _first_unstorable(value: Any, path: tuple[str, ...]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return path if unstorable(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = (*path, str(key))
            found = here if unstorable(str(key)) else _first_unstorable(item, here)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_unstorable(item, (*path, str(index)))
            if found is not None:
                return found
    return None


class StoredTextParser(Parser):
    """JSON as usual, but a NUL character or half of a surrogate pair (``"\\ud800"``, valid JSON yet no text) is a
    400 naming the field, before any schema or service sees it."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        found = _first_unstorable(data, ())
        if found is not None:
            message = "Text may not contain a NUL character or half of a UTF-16 surrogate pair."
            raise ApiError(400, "invalid", message, fields={".".join(found) or "request": [message]})
        return data
