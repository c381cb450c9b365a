from __future__ import annotations

from typing import Any

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: dict[str, Any], lang: str) -> str:
    """This page's address in another language (the switcher is plain links: no form, no JavaScript)."""
    request = context.get("request")
    if request is None:
        return f"/{lang}/"
    path = request.get_full_path()
    translated = translate_url(path, lang)
    if translated == path:
        return f"/{lang}/"
    return translated
