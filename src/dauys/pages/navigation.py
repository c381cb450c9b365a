"""The main menu: each app adds its own entries, in its ``navigation`` module (``core.seams``)::

    entry("problems", url="problems:index", label=gettext_lazy("Problems"), order=10)

The site's frame (``base.html``) draws them in ``order``, marking the one whose ``key`` the page names as its
``nav`` (``aria-current="page"``). The account's links (sign-in, notifications, "my account") are the frame's own.

An app may also offer the site's primary action, what most visitors come to do::

    action("report", url="problems:new", label=gettext_lazy("Report a problem"), order=10)

The first action (by ``order``) is the button in the header of every page; any others are in the menu.

A signed-in reader's own pages ("my cases") are entries of the menu that only signed-in readers see, before
"my account"::

    own("mine", url="problems:mine", label=gettext_lazy("My cases"), order=10)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from dauys.core.seams import Registry


@dataclass(frozen=True)
class Entry:
    key: str  # what a page sets as its "nav" to be marked current
    url: str  # a URL name
    label: Any  # a lazy translation
    order: int

    def href(self) -> str:
        return reverse(self.url)


entries: Registry[Entry] = Registry("menu entry")


def entry(key: str, *, url: str, label: Any, order: int) -> Entry:
    return entries.add(key, Entry(key, url, label, order))


def main_menu() -> list[Entry]:
    return sorted(entries.values(), key=lambda e: (e.order, e.key))


actions: Registry[Entry] = Registry("primary action")


def action(key: str, *, url: str, label: Any, order: int) -> Entry:
    return actions.add(key, Entry(key, url, label, order))


def primary_actions() -> list[Entry]:
    return sorted(actions.values(), key=lambda e: (e.order, e.key))


owns: Registry[Entry] = Registry("own menu entry")


def own(key: str, *, url: str, label: Any, order: int) -> Entry:
    return owns.add(key, Entry(key, url, label, order))


def own_menu() -> list[Entry]:
    return sorted(owns.values(), key=lambda e: (e.order, e.key))
