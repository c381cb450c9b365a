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


@register.filter
def form_errors(form: Any) -> list[str]:
    """The errors of a form not shown beside a visible field: its own and those of its hidden fields."""
    errors = [str(e) for e in form.non_field_errors()]
    for field in form.hidden_fields():
        errors.extend(str(e) for e in field.errors)
    return errors
