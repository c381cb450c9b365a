from typing import Any

from django.conf import settings
from django.http import HttpRequest

# Which main-menu item a page belongs to, for pages whose view does not say (allauth's).
NAV_BY_URL_NAME = {"account_login": "login", "account_signup": "signup"}


def site(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"site_languages": settings.LANGUAGES, "base_url": settings.BASE_URL}
    match = getattr(request, "resolver_match", None)
    if match is not None:
        if match.url_name in NAV_BY_URL_NAME:
            context["nav"] = NAV_BY_URL_NAME[match.url_name]
        elif (match.app_names and match.app_names[0] in {"account", "mfa"}) or (match.url_name or "").startswith(
            "account_"
        ):
            context["nav"] = "account"
    return context
