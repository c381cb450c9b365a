"""Token authentication for writes: ``Authorization: Bearer <token>`` (also Open311's ``api_key``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from dauys.accounts.models import ApiToken


def user_for_token(secret: str) -> Any | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(secret), user__is_active=True, user__deleted_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    today = timezone.localdate()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
    return token.user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
