"""The initiatives' domain events (``core.events``)."""

from __future__ import annotations

import dataclasses

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class InitiativeCreated(Event):
    name = "initiative.created"
    initiative_id: int
    slug: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class InitiativeChanged(Event):
    """Its coordinators changed what it says of itself (``fields``)."""

    name = "initiative.changed"
    initiative_id: int
    slug: str
    fields: list[str]


@dataclasses.dataclass(frozen=True, kw_only=True)
class MembershipChanged(Event):
    """Someone joined, asked to join, was accepted or refused, changed role or left. Who is the members' business:
    the public sees the count only."""

    name = "initiative.membership_changed"
    initiative_id: int
    slug: str
    user_id: int
    action: str  # "joined", "requested", "accepted", "refused", "left", "coordinator", "member"
    members_count: int
