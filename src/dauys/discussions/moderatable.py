"""What moderators may act on: comments, and any public object an app registers (a post, an idea, a statement),
in its ``moderatable`` module (``core.seams``)::

    moderatable(Kind(
        "post",
        find=lambda refs, lock: {str(p.pk): p for p in posts(lock).filter(pk__in=digits(refs))},  # one query
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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dauys.core.events import Event
from dauys.core.seams import Registry
from dauys.discussions.models import ModerationAction

SHOWN, HELD, HIDDEN, GONE = "shown", "held", "hidden", "gone"


@dataclass(frozen=True)
class Kind:
    name: str  # the first part of its keys ("comment:12"), and the log's object kind
    # (refs, lock) -> {ref: object} for the refs that name one, whatever its state, in one query (the moderation
    # queue lists up to 100 at once); lock: select them for update.
    find: Callable[[list[str], bool], Mapping[str, Any]]
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
    return find_all([target], lock=lock).get(target)


def find_all(targets: Iterable[str], *, lock: bool = False) -> dict[str, tuple[Kind, Any]]:
    """The kind and the object of each key that names one: one query per kind."""
    refs: dict[str, list[str]] = {}
    for target in targets:
        name, _, ref = target.partition(":")
        if name in kinds and ref:
            refs.setdefault(name, []).append(ref)
    found: dict[str, tuple[Kind, Any]] = {}
    for name, of_kind in refs.items():
        kind = kinds[name]
        found.update((f"{name}:{ref}", (kind, obj)) for ref, obj in kind.find(of_kind, lock).items())
    return found


def digits(refs: Iterable[str]) -> list[int]:
    """The refs that can be primary keys (a kind's ``find`` takes any text a key may hold)."""
    return [int(ref) for ref in refs if ref.isdigit() and len(ref) < 19]
