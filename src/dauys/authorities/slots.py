"""Personal slots of the directory (``pages.slots``): whether the reader speaks for a body."""

from __future__ import annotations

from django.http import HttpRequest

from dauys.authorities.models import Representative
from dauys.pages.slots import exists, slot


@slot("representative", reads={"verified": exists(Representative, verified=True)}, always=True)
def representative(request: HttpRequest, arg: str) -> str:
    """Draws nothing: other slots ask it (``pages.slots.values``) whether the reader is a verified representative of
    some body, read with their session, so that readers who are not pay no query for a body's tools."""
    return ""
