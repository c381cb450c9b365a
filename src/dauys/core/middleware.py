"""Security headers on every response."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware as _MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as _SessionMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict

from dauys.core.errors import machine_error, unstorable

# The Django admin and the API's Swagger UI set style attributes; the public pages do not need them.
INLINE_STYLE_PATHS = re.compile(r"^/(?:(?:[a-z]{2}/)?admin/|api/v1/docs)")

# "Use my location" on the filing form asks the browser for the position; no other site's frame may.
PERMISSIONS_POLICY = "geolocation=(self), " + ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


def content_security_policy(path: str) -> str:
    img = ["'self'", "data:", "blob:"]
    connect = ["'self'"]
    if settings.TILE_URL:
        # The operator's own tile server is the one opt-in exception to "no other host" (the map fetches its tiles);
        # {s} subdomains become a wildcard.
        parts = urlsplit(settings.TILE_URL)
        img.append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
        connect.append(img[-1])
    style = "'self' 'unsafe-inline'" if INLINE_STYLE_PATHS.match(path) else "'self'"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {style}",
            f"img-src {' '.join(img)}",
            "font-src 'self'",
            f"connect-src {' '.join(connect)}",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request.path))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        if settings.ONION_URL and not request.get_host().endswith(".onion"):
            response.headers["Onion-Location"] = settings.ONION_URL.rstrip("/") + request.get_full_path()
        return response


API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


# The token-authenticated API (``/api/``) has no sessions, cookies or flash messages; running their middleware on
# every API call was a measurable part of a support's cost. These subclasses (subclasses, so that Django's admin
# checks still recognise them) step aside for API requests, which get an anonymous ``request.user`` until the
# token authentication sets the real one.


class NotForApi:
    get_response: Callable[[HttpRequest], HttpResponse]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_api(request):
            self.for_api(request)
            return self.get_response(request)
        return super().__call__(request)  # type: ignore[misc]

    def for_api(self, request: HttpRequest) -> None:
        """What an API request gets instead of this middleware's work (nothing, unless overridden)."""


class SessionMiddleware(NotForApi, _SessionMiddleware):  # type: ignore[misc]
    pass


class MessageMiddleware(NotForApi, _MessageMiddleware):  # type: ignore[misc]
    pass


def _unstorable_in(data: QueryDict) -> bool:
    return any(unstorable(key) or any(unstorable(value) for value in values) for key, values in data.lists())


class ErrorFormatMiddleware:
    """Errors answered around the views, in the format of the endpoint addressed (``core.errors``).

    - A NUL character in the address, the query string or a form's fields is refused at the door with a 400: no
      database of ours stores it, and no view should have to check. (The API's parser refuses it in JSON.)
    - A method a machine endpoint does not take (``require_GET``, ninja's routes) is a 405 in that endpoint's
      format, with its ``Allow`` header, instead of a line of text.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or _unstorable_in(request.GET)
            or (request.method != "GET" and _unstorable_in(request.POST))
        ):
            from django.urls import get_resolver

            handler: Callable[..., HttpResponse] = get_resolver().resolve_error_handler(400)
            return handler(request, None)
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed):
            machine = machine_error(request, 405, f"Use {response['Allow']} here.")
            if machine is not None:
                machine["Allow"] = response["Allow"]
                return machine
        return response
