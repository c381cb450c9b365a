"""What of each public event becomes a leaf: public facts only, never an e-mail address or anything private.

A leaf is ``{"v": 1, "type", "at", "object", "actor", "content_sha256", ...}``: ``object`` is the language-free
public URL of what changed (its API address), ``content_sha256`` the SHA-256 of the canonical JSON of its public
content after the change, and the event's own public fields (ids, kinds, statuses). ``actor`` is the public id of
the account that acted (its ``/people/<id>/`` handle), or null for the instance itself, a guest, or an author who
hid their name.

Each app declares its own events, in its ``leaves`` module (``core.seams``); the ledger never names an app::

    leaf(ProblemEvent, problem_subject, "appeal_id", "answer_id", "kind", "old", "new")  # and its subclasses
    not_a_leaf(ProblemDrafted)   # a draft is nobody's business yet

``subject(event)`` gives the object's URL and its public content now, or None when there is nothing public to
record (a draft). ``tests/ledger/test_leaves.py`` fails for an event that no app declared either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from dauys.core.events import Event, nearest
from dauys.core.seams import Registry
from dauys.ledger import canonical

Subject = Callable[[Any], tuple[str, dict[str, Any]] | None]


@dataclass(frozen=True)
class Declared:
    subject: Subject | None  # None: events of this type are not leaves
    fields: tuple[str, ...]  # the event's public fields, copied into its leaf when set


_declared: Registry[Declared] = Registry("ledger leaf of the event")


def leaf(event_type: type[Event], subject: Subject, *fields: str) -> None:
    """Events of ``event_type`` (and its subclasses without their own) become leaves about ``subject(event)``."""
    _declared.add(event_type.name, Declared(subject, fields))


def not_a_leaf(event_type: type[Event]) -> None:
    """Events of ``event_type`` are not public, or reach the log another way (support counts, hourly)."""
    _declared.add(event_type.name, Declared(None, ()))


_labels: Registry[Any] = Registry("label of the leaf type")


def label(kind: str, text: Any) -> None:
    """What a leaf of type ``kind`` is called on the record pages (a lazily translated text)."""
    _labels.add(kind, text)


def label_of(kind: str) -> Any:
    return _labels.get(kind) or kind


def declaration(event_type: type[Event]) -> Declared | None:
    return nearest(event_type, _declared)


def api_url(path: str) -> str:
    """The language-free public URL of an object of the API (``problems/12``)."""
    return f"{settings.BASE_URL}/api/v1/{path}"


def envelope(kind: str, at: str, url: str, actor: str | None, content: Any) -> dict[str, Any]:
    """Every leaf's envelope: what happened, when, to which object, by whom, and the hash of the object's public
    content then (the content itself is not in the log)."""
    return {
        "v": 1,
        "type": kind,
        "at": at,
        "object": url,
        "actor": actor,
        "content_sha256": hashlib.sha256(canonical.dumpb(content)).hexdigest(),
    }


def leaf_for(event: Event) -> dict[str, Any] | None:
    declared = declaration(type(event))
    if declared is None or declared.subject is None:
        return None
    subject = declared.subject(event)
    if subject is None:
        return None
    url, content = subject
    leaf = envelope(event.name, event.occurred_at, url, event.actor, content)
    for name in declared.fields:
        value = getattr(event, name, None)
        if value is not None and not isinstance(value, float):
            leaf[name] = value
    return leaf
