"""Which stored pages an event makes stale. Each app declares it for its own events, in its ``pages`` module::

    from dauys.pages.freshness import EVERYTHING, LISTS, touches

    touches(ProblemEvent, lambda e: (LISTS, f"problem:{e.problem_id}"))  # and every subclass, unless it has its own
    touches(SupportChanged, lambda e: (f"problem:{e.problem_id}",))      # lists catch up within PAGE_CACHE_SECONDS
    touches(FollowChanged, nothing)                                       # who follows what is not public
    touches(DisplayNameChanged, everything)                               # a name is shown on any page

A stored page depends on the tags its view names (``cache.tag_page``) and, unless the view says it shows only those
objects (``tag_page(..., lists=False)``), on ``LISTS``: the lists, counts and summaries that any public change may
alter. An event nobody declared touches ``LISTS`` only, never every page, and ``tests/pages/test_freshness.py``
fails for it: a new event is declared when it is added. ``EVERYTHING`` drops every stored page in every process;
keep it for rare events that show anywhere (a renamed account, authority or place).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from dauys.core.events import Event, nearest
from dauys.core.seams import Registry

LISTS: Final = "lists"
EVERYTHING: Final = None

Tags = tuple[str, ...] | None  # None: every page
Touches = Callable[[Any], Tags]

_declared: Registry[Touches] = Registry("page freshness of the event")


def touches(event_type: type[Event], which: Touches) -> None:
    """Declare the pages that events of ``event_type`` (and its subclasses without their own) make stale."""
    _declared.add(event_type.name, which)


def nothing(event: Event) -> Tags:
    return ()


def lists_only(event: Event) -> Tags:
    return (LISTS,)


def everything(event: Event) -> Tags:
    return EVERYTHING


def declaration(event_type: type[Event]) -> Touches | None:
    """The declaration that applies to ``event_type``: its own, or its nearest base class's."""
    return nearest(event_type, _declared)


def tags_of(event: Event) -> Tags:
    """The tags of the stored pages ``event`` makes stale (None: all of them)."""
    which = declaration(type(event))
    return (LISTS,) if which is None else which(event)
