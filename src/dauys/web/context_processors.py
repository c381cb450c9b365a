from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_languages": settings.LANGUAGES, "base_url": settings.BASE_URL}
