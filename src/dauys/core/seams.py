"""Seams: how an app plugs itself into shared machinery without that machinery ever importing the app.

One convention for every app, in the spirit of Wagtail's hooks: an app that takes part in a seam has a module of
that seam's name, and at start-up ``discover()`` imports that module from every installed app, in the order of
``INSTALLED_APPS``. Importing it registers what it declares (a subscriber, a task, a personal slot, a ledger leaf,
an API router...) in a registry owned by the machinery's own package. The machinery reads its registry; it never
names the app. ``SEAMS`` lists the module names and what each one declares.

A registry is a plain ordered mapping with a name for its error messages::

    routers: Registry[Router] = Registry("API router")
    routers.add("problems", router)        # in problems/api.py
    for name, router in routers.items(): ...

Adding a key twice with another value is an error (two apps claiming one name); adding the same or an equal value
again is not (a seam module imported again, or a decorator that builds its record anew each time).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.utils.module_loading import autodiscover_modules

T = TypeVar("T")

# The seam modules an app may have, in the order they are imported. (``commands`` modules, the subcommands of
# ``dauys``, are found before Django starts, by ``core.commands.discover``.)
SEAMS: dict[str, str] = {
    "tallies": "counted personal acts, and their hourly counts in the public log (core.tallies)",
    "subscribers": "reactions to domain events (core.events.subscriber)",
    "tasks": "background and periodic jobs (core.tasks)",
    "slots": "personal slots of stored pages (pages.slots.slot)",
    "pages": "which stored pages the app's events make stale (pages.freshness.touches)",
    "leaves": "which events become leaves of the public log, and what of them (ledger.leaves.leaf)",
    "comment_targets": "objects people may comment on (discussions.targets)",
    "followables": "objects people may follow, and hear of (notifications.follows)",
    "moderatable": "objects moderators may hide and restore (discussions.moderatable)",
    "navigation": "the app's entries in the main menu (pages.navigation.entry)",
    "sections": "what the app adds to other apps' pages (pages.sections.section)",
    "appeal_subjects": "kinds of thing an appeal of public control may be about (problems.subjects)",
    "addressees": "kinds of addressee an appeal may be written to (authorities.addressees)",
    "demo": "the app's part of the demo data (dauys.demo.step)",
    "api": "the app's endpoints of the REST API, as a ninja Router (api.routers)",
    "opendata": "the app's datasets of /open-data/ (api.opendata.DATASETS)",
    "exports": "what of the app the public export holds (ledger.export.SECTIONS, LABELS, MEDIA)",
}


class Registry(Generic[T]):
    """Named items that apps register at start-up, kept in the order they were added."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._items: dict[str, T] = {}

    def add(self, name: str, item: T) -> T:
        known = self._items.get(name)
        if known is not None and known is not item and known != item:
            raise ValueError(f"{self.what} {name!r} is already registered")
        self._items[name] = item
        return item

    def remove(self, name: str) -> None:
        """Forget ``name`` (a test that registered a kind of its own for its length)."""
        self._items.pop(name, None)

    def get(self, name: str) -> T | None:
        return self._items.get(name)

    def __getitem__(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"no {self.what} named {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def values(self) -> list[T]:
        return list(self._items.values())


def discover() -> None:
    """Import every installed app's seam modules (``SEAMS``), once, at start-up."""
    for module in SEAMS:
        autodiscover_modules(module)
