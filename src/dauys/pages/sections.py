"""Sections that other apps add to a page of one app, without that app knowing them.

A place's page lists the bodies of that place, and later the initiatives active there; the places app knows
neither. An app registers a section for a kind of page in its ``sections`` module (``core.seams``)::

    @section("place", "authorities/_place_section.html", order=10)
    def authorities_here(request, place) -> dict | None:
        return {"authorities": authority_list().filter(place=place)}   # None: nothing to show

and the page's template draws them where they belong: ``{% load pages %}{% sections "place" place %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

Context = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    template: str
    context: Context
    order: int


_sections: dict[str, list[Section]] = {}


def section(page: str, template: str, *, order: int = 100) -> Callable[[Context], Context]:
    """Register the decorated function as the context of a section of ``page``, drawn with ``template``."""

    def register(context: Context) -> Context:
        known = _sections.setdefault(page, [])
        if not any(s.context is context for s in known):
            known.append(Section(template, context, order))
            known.sort(key=lambda s: s.order)
        return context

    return register


def render(request: HttpRequest, page: str, obj: Any) -> SafeString:
    """Every section of ``page`` about ``obj``, in their order (those with nothing to show are left out)."""
    out = []
    for s in _sections.get(page, ()):
        context = s.context(request, obj)
        if context is not None:
            out.append(render_to_string(s.template, context, request=request))
    return mark_safe("".join(out))  # noqa: S308 (templates escape what they draw)
