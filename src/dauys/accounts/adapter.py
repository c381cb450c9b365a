from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse

from dauys.accounts import devices
from dauys.core.privacy import client_key


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request: HttpRequest, user: Any) -> None:
        # The internal username must not be derived from the e-mail address: it shows up in URLs.
        if not user.username:
            user.username = "u" + secrets.token_hex(6)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins count per account, and apart for each browser that signed in to it before (a device
        cookie, ``accounts.devices``): a stranger's guesses cannot lock the owner out of their own browser."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        device = devices.known(request, str(credentials.get("email") or credentials.get("username") or ""))
        return f"{key}:device:{device}" if device else key

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        if user.email:
            devices.remember(request, response, user.email)
        return response

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits key on this value; a daily keyed hash keeps addresses out of the cache.
        return client_key(request, purpose="allauth")

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        from django.utils.translation import get_language

        from dauys.accounts import services

        user.display_name = form.cleaned_data["display_name"]
        user.language = (get_language() or "kk")[:2]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.account_created(user=user)
        return user
