"""To whom an appeal may be addressed: the directory's kinds of addressee.

Under the law an appeal is answered by a body: ``Appeal.authority`` is always that body, and the legal clock,
scorecards and escalation up the vertical count by it. The addressee is who the appeal is written to: the body
itself (kind ``"authority"``, the only kind so far), or a person who answers for one (an official: a deputy, a
party official, registered with the directory next). An appeal to a body stores ``addressee_kind="authority"`` and
no ``addressee_id``; an appeal to an official stores the official's kind and id, with their body as
``authority``. Kinds are registered here by the app that owns them, in its ``addressees`` module (``core.seams``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from dauys.authorities.models import Authority
from dauys.core.seams import Registry

AUTHORITY = "authority"


@dataclass(frozen=True)
class AddresseeKind:
    """A kind of addressee, and how public control reads one."""

    name: str  # stored in Appeal.addressee_kind: short, stable, lower case
    model: type[models.Model]
    body: Callable[[Any], Authority]  # the body that answers for them under the law
    email: Callable[[Any], str]  # where Dauys delivers an appeal to them ("" when it cannot)
    url: Callable[[Any], str]  # their public page

    def get(self, pk: int) -> Any:
        return self.model._default_manager.get(pk=pk)


addressees: Registry[AddresseeKind] = Registry("kind of addressee")


def register(kind: AddresseeKind) -> AddresseeKind:
    return addressees.add(kind.name, kind)


register(
    AddresseeKind(
        AUTHORITY,
        model=Authority,
        body=lambda authority: authority,
        email=lambda authority: authority.email,
        url=lambda authority: authority.get_absolute_url(),
    )
)
