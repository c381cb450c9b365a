from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from dauys.pages import navigation, slots
from dauys.pages import sections as _sections

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context: dict[str, Any], page: str, obj: Any) -> SafeString:
    """The sections other apps add to this page (``pages.sections``)."""
    return _sections.render(context["request"], page, obj)


@register.simple_tag
def main_menu() -> list[navigation.Entry]:
    """The main menu's entries, as the apps declared them (``pages.navigation``)."""
    return navigation.main_menu()


@register.simple_tag(takes_context=True)
def personal(context: dict[str, Any], name: str, arg: Any = "") -> str:
    """A spot that differs per signed-in reader (``pages.slots``): drawn now, or left as a marker in a shared copy."""
    return slots.render(context["request"], name, str(arg))


@register.simple_tag
def primary_actions() -> list[navigation.Entry]:
    """The site's primary actions, the first of which is the header's button (``pages.navigation.action``)."""
    return navigation.primary_actions()


@register.simple_tag
def own_menu() -> list[navigation.Entry]:
    """The entries of the menu that only signed-in readers see ("my cases"; ``pages.navigation.own``)."""
    return navigation.own_menu()
