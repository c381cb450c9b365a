from __future__ import annotations

import dataclasses

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class AuthorityChanged(Event):
    name = "authority.changed"
    authority_id: int
    slug: str
    created: bool
    fields: list[str]


@dataclasses.dataclass(frozen=True, kw_only=True)
class RepresentativeVerified(Event):
    name = "authority.representative_verified"
    authority_id: int
    user_id: int
    verified: bool
