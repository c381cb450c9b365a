"""Who is signed in, read with the session in one statement (``accounts.sessions``)."""

from __future__ import annotations

from django.contrib.auth.middleware import AuthenticationMiddleware as _AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dauys.accounts.sessions import get_user
from dauys.core.middleware import NotForApi


class AuthenticationMiddleware(NotForApi, _AuthenticationMiddleware):  # type: ignore[misc]
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))  # type: ignore[assignment]

    def for_api(self, request: HttpRequest) -> None:
        request.user = AnonymousUser()
