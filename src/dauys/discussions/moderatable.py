"""What moderators may act on: comments, and any public object an app registers (a post, an idea, a statement),
in its ``moderatable`` module (``core.seams``)::

    moderatable(Kind(
        "post",
        find=lambda ref, lock: Post.objects.select_for_update().filter(pk=ref).first() if lock else ...,
        author_id=lambda post: post.author_id,
        state=lambda post: "shown" if post.public else "hidden",
        hide=lambda post, action: post_hide(post=post, action=action),       # the app's own service and event
        restore=lambda post, action: post_restore(post=post, action=action),
    ))

Moderation itself is one for every kind (``discussions.services.moderation``): people flag an object by its key
("post:12") under a rule, moderators hide or restore it or dismiss the flags, each act is a line of the public
moderation log (``ModerationAction``), and a hidden object's author may appeal once. The kind writes only its own
state, and emits its own event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dauys.core.events import Event
from dauys.core.seams import Registry
from dauys.discussions.models import ModerationAction

SHOWN, HELD, HIDDEN, GONE = "shown", "held", "hidden", "gone"


@dataclass(frozen=True)
class Kind:
    name: str  # the first part of its keys ("comment:12"), and the log's object kind
    find: Callable[[str, bool], Any]  # (ref, lock) -> the object whatever its state, or None
    author_id: Callable[[Any], int | None]
    state: Callable[[Any], str]  # SHOWN, HELD (waiting for a moderator), HIDDEN, or GONE (deleted by its author)
    hide: Callable[[Any, ModerationAction], None]  # write it hidden under ``action.rule``, and emit its event
    restore: Callable[[Any, ModerationAction], None]  # write it shown again, and emit its event
    flagged: Callable[[Any], Event] | None = None  # its event when flagged (default: ``Flagged``)
    title: Callable[[Any], str] = str  # how the moderation queue names one
    url: Callable[[Any], str] = lambda found: found.get_absolute_url()  # where moderators look at one


kinds: Registry[Kind] = Registry("moderatable kind")


def moderatable(kind: Kind) -> Kind:
    return kinds.add(kind.name, kind)


def find(target: str, *, lock: bool = False) -> tuple[Kind, Any] | None:
    """The kind and the object a key names, or None."""
    name, _, ref = target.partition(":")
    kind = kinds.get(name)
    if kind is None or not ref:
        return None
    found = kind.find(ref, lock)
    return None if found is None else (kind, found)
