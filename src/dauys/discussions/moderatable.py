"""What moderators may act on: comments, and any public object an app registers (a post, an idea, a statement),
in its ``moderatable`` module (``core.seams``)::

    moderatable(Kind(
        "post",
        find=lambda refs, lock: {str(p.pk): p for p in posts(lock).filter(pk__in=digits(refs))},  # one query
        author_id=lambda post: post.author_id,
        state=lambda post: "shown" if post.public else "hidden",
        hide=lambda post, action: post_hide(post=post, action=action),       # the app's own service and event
        restore=lambda post, action: post_restore(post=post, action=action),
        phrases={"hide": _("hid a post"), "restore": _("restored a post")},
    ))

Moderation itself is one for every kind (``discussions.services.moderation``): people flag an object by its key
("post:12") under a rule, moderators hide or restore it or dismiss the flags, each act is a line of the public
moderation log (``ModerationAction``), and a hidden object's author may appeal once, to another moderator. A kind
that pre-moderates (``held`` and ``approve``) has what it holds listed for approval. The kind writes only its own
state, and emits its own event.

The queue (``/moderation/``) lists what is flagged, held and appealed of every kind. An app's pages link to the
pages where readers flag one (``{% url "discussions:flag_object" "post" post.pk %}``) and where the author of a
hidden one appeals (``{% url "discussions:appeal_object" "post" post.pk %}``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

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
    ref: Callable[[Any], str] = lambda found: str(found.pk)  # the second part of its key
    title: Callable[[Any], str] = str  # how the moderation queue names one
    url: Callable[[Any], str] = lambda found: found.get_absolute_url()  # where moderators look at one
    # Pre-moderation: the oldest objects waiting for a moderator (HELD), at most ``limit`` of them, and how one is
    # approved (write it shown, emit its event). A kind that never holds anything leaves both out.
    held: Callable[[int], Iterable[Any]] | None = None
    approve: Callable[[Any, ModerationAction], None] | None = None
    # What the public moderation log says of an act on one, by action ("hide": _("hid a post")), in each language
    # with the grammar it needs; an action it does not name is said as for a comment.
    phrases: Mapping[str, str] = field(default_factory=dict)

    def item(self, found: Any) -> dict[str, str]:
        """How moderation's pages show one: its key, kind, title and page."""
        return {
            "key": f"{self.name}:{self.ref(found)}",
            "kind": self.name,
            "title": self.title(found),
            "url": self.url(found),
        }


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


# What the log says of an act on an object of a kind that names no phrase of its own for it.
ANY_KIND = {
    "hide": gettext_lazy("hid an item"),
    "restore": gettext_lazy("restored an item"),
    "dismiss": gettext_lazy("dismissed the flags of an item"),
    "approve": gettext_lazy("approved a held item"),
}


def phrase(action: str, kind: str) -> str:
    """What the public log says of ``action`` on an object of ``kind`` (comments, discussions and accounts: the
    action's own label)."""
    registered = kinds.get(kind)
    if registered is None or kind == "comment":
        return str(ModerationAction.Action(action).label)
    return str(registered.phrases.get(action) or ANY_KIND.get(action) or ModerationAction.Action(action).label)


def digits(refs: Iterable[str]) -> list[int]:
    """The refs that can be primary keys (a kind's ``find`` takes any text a key may hold)."""
    return [int(ref) for ref in refs if ref.isdigit() and len(ref) < 19]
