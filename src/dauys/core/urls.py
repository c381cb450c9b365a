"""``reverse`` for the URLs built on every request of a hot path: an object's page from its id.

Django's ``reverse`` resolves the namespace, walks the URL patterns and checks the result against the pattern's
regular expression each time (about 0.1 ms; a comment posted through the API built two such URLs). A page's URL
differs from one object to the next only by its id, so ``reverse_pk`` reverses once per view, language and script
prefix with a stand-in id and puts the real id in its place.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

STAND_IN = 7_304_918_265  # no URL of ours has these digits of its own
_templates: dict[tuple[Any, ...], tuple[str, str] | None] = {}


def reverse_pk(viewname: str, pk: int) -> str:
    """``reverse(viewname, kwargs={"pk": pk})`` for an integer ``pk``."""
    key = (viewname, translation.get_language(), get_script_prefix(), get_urlconf())
    if key in _templates:
        template = _templates[key]
    else:
        parts = reverse(viewname, kwargs={"pk": STAND_IN}).split(str(STAND_IN))
        template = _templates[key] = (parts[0], parts[1]) if len(parts) == 2 else None
    if template is None:  # the stand-in's digits appear elsewhere in the URL too: reverse each time
        return reverse(viewname, kwargs={"pk": pk})
    return f"{template[0]}{int(pk)}{template[1]}"


@receiver(setting_changed)
def _urls_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _templates.clear()
