"""What can be commented on: each app registers its kinds of public objects here (in a ``comment_targets`` module).

A target key is ``"<kind>:<ref>"`` (``"problem:12"``, ``"authority:akimat-astana"``). The registered resolver
turns the ref into a ``Target``: the object's title, the page that shows its discussion, that page's cache tag, and
who hears of a new comment. Adding a commentable object is registering a resolver; the comment code stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

KEY = re.compile(r"^([a-z_]+):([\w-]{1,80})$", re.ASCII)


@dataclass(frozen=True)
class Target:
    key: str
    kind: str
    title: str
    url: str  # the page that shows this discussion (in the current language)
    page_tag: str  # the cache tag of that page (pages.cache)
    embedded: bool = True  # False: the discussion has its own page (discussions:thread)
    audience: Callable[[], Iterable[Any]] = field(default=lambda: ())  # who hears of a new comment
    # The object's own page, drawn for a request: a rejected comment comes back there, with its text and what is
    # wrong (the embedded form of this target is then the rejected one). None: the discussion's page instead.
    page: Callable[[Any], Any] | None = None

    @property
    def ref(self) -> str:
        return self.key.partition(":")[2]


Resolver = Callable[[str], Target | None]
_resolvers: dict[str, Resolver] = {}


def kind(name: str) -> Callable[[Resolver], Resolver]:
    """Register the resolver of a kind of commentable object."""

    def register(func: Resolver) -> Resolver:
        _resolvers[name] = func
        return func

    return register


def kinds() -> list[str]:
    return sorted(_resolvers)


def resolve(key: str) -> Target | None:
    """The public object behind ``key``, or None (unknown kind, no such object, or not public)."""
    match = KEY.match(key or "")
    if match is None or match.group(1) not in _resolvers:
        return None
    return _resolvers[match.group(1)](match.group(2))
