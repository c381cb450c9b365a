"""Site-wide pages: home, health check, error pages."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dauys import __version__
from dauys.core.errors import machine_error
from dauys.pages.cache import shared_page
from dauys.web import selectors

logger = logging.getLogger(__name__)


@require_GET
@shared_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"stats": selectors.home_stats(), "nav": "home"})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("health check: database unavailable (%s)", type(exc).__name__)
        return JsonResponse({"status": "unavailable", "database": "error", "version": __version__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "version": __version__})


@require_GET
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve a published photo. File names are random and never reused, so they can be cached for good.

    At scale, let the reverse proxy serve DAUYS_DATA_DIR/media/photos/ at /media/photos/ instead.
    """
    from django.conf import settings
    from django.views.static import serve

    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


FLOOR_BODY = bytes(range(256)) * 256  # 64 KB


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: the cheapest response the full middleware stack can give. ``?kb=16`` gives a body
    of that many kilobytes (at most 64), the floor of a response of that size (a map tile's)."""
    kb = request.GET.get("kb", "")
    if kb.isdigit() and 0 < int(kb) <= 64:
        return HttpResponse(FLOOR_BODY[: int(kb) * 1024], content_type="application/octet-stream")
    return HttpResponse(b"ok", content_type="text/plain")


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    """A page's error as a page; the error of a machine endpoint (the API, Open311) in that endpoint's format."""
    machine = machine_error(request, status)
    if machine is not None:
        return machine
    return render(request, template, {"status": status}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # No database access here: the error may be the database itself.
    return machine_error(request, 500) or render(request, "500.html", {"status": 500}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", {"status": 403}, status=403)
