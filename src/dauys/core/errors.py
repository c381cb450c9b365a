"""Errors in each endpoint's own format, whoever answers them.

Most errors are answered by the endpoint itself (the API's JSON, Open311's JSON or XML). Some are answered before
or around it: an unknown address, a request body over the size limit, a NUL byte in the address. Django sends those
to the root URLconf's error handlers (``web.views``), which ask here first: an app that serves machines under a
prefix registers how its errors look, and the pages' HTML is the rest::

    error_format("/api/", lambda request, status, message: JsonResponse(body(CODES[status], message), status=status))
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dauys.core.seams import Registry

Renderer = Callable[[HttpRequest, int, str], HttpResponse]

# What a machine is told, by status, when the endpoint itself did not say more.
MESSAGES = {
    400: "The request is malformed.",
    403: "This is not allowed.",
    404: "There is nothing at this address.",
    405: "This method is not allowed here.",
    413: "The request is too large.",
    500: "The server failed; the error is logged without personal data. Try again later.",
}

formats: Registry[Renderer] = Registry("error format")


def error_format(prefix: str, renderer: Renderer) -> None:
    """Answer errors of addresses under ``prefix`` with ``renderer(request, status, message)``."""
    formats.add(prefix, renderer)


def machine_error(request: HttpRequest, status: int, message: str = "") -> HttpResponse | None:
    """The error in the format of the endpoint the request addressed, or None for a page (HTML)."""
    path = request.path_info
    for prefix, renderer in formats.items():
        if path.startswith(prefix):
            return renderer(request, status, message or MESSAGES.get(status, MESSAGES[400]))
    return None


def unstorable(text: str) -> bool:
    """Text no database of ours can store: a NUL character, or half of a UTF-16 surrogate pair."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
