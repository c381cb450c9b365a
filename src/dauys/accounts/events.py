from __future__ import annotations

import dataclasses

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class AccountCreated(Event):
    name = "account.created"
    user_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class DisplayNameChanged(Event):
    name = "account.display_name_changed"
    user_id: int
    display_name: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class AccountDeleted(Event):
    name = "account.deleted"
    user_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class ApiTokenCreated(Event):
    name = "account.api_token_created"
    user_id: int
    token_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class ApiTokenRevoked(Event):
    name = "account.api_token_revoked"
    user_id: int
