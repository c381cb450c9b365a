"""Accounts' events are not leaves of the public log: who signed up, or renamed themselves, is not a public fact
(``ledger.leaves``); what an account does is recorded with its public id as the actor."""

from __future__ import annotations

from dauys.accounts.events import (
    AccountCreated,
    AccountDeleted,
    ApiTokenCreated,
    ApiTokenRevoked,
    DisplayNameChanged,
)
from dauys.ledger.leaves import not_a_leaf

for event_type in (AccountCreated, DisplayNameChanged, AccountDeleted, ApiTokenCreated, ApiTokenRevoked):
    not_a_leaf(event_type)
