"""What every app's endpoints share: the token authentication, the error responses, links to pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation

from dauys.api.auth import BearerToken
from dauys.api.schemas import ErrorOut

token = BearerToken()
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def page_url(request: HttpRequest, obj: Any) -> str:
    """The English page of an object, as an absolute URL (the API speaks English; pages exist in kk/ru too)."""
    with translation.override("en"):
        return request.build_absolute_uri(obj.get_absolute_url())
