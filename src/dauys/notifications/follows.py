"""What people may follow: each app makes its public objects followable, in its ``followables`` module
(``core.seams``)::

    followable("problem", lambda ref: Problem.objects.filter(pk=ref, status__in=PUBLIC).first())

A follow names its object by key (``"problem:12"``); following asks the kind to find a public object for it, so
nobody follows what does not exist or is not public. The app tells followers with ``selectors.followers(key)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dauys.core.seams import Registry

Resolve = Callable[[str], Any]  # the public object for a reference, or None

kinds: Registry[Resolve] = Registry("followable kind")


def followable(kind: str, resolve: Resolve) -> None:
    kinds.add(kind, resolve)


def resolve(target: str) -> Any:
    """The public object a key names, or None (an unknown kind, a bad reference, nothing public there)."""
    kind, _, ref = target.partition(":")
    found = kinds.get(kind)
    return found(ref) if found is not None and ref else None
