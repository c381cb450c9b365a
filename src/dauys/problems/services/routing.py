"""Operators' edits of the routing table (``problems.routing`` reads it). Public: each edit is a ledger leaf."""

from __future__ import annotations

from django.db import transaction

from dauys.accounts.models import User, public_id
from dauys.core.events import emit
from dauys.problems.events import RoutingChanged
from dauys.problems.models import RoutingRule


def _event(rule: RoutingRule, rule_id: int, actor: User | None, *, removed: bool = False) -> RoutingChanged:
    return RoutingChanged(
        rule_id=rule_id,
        category=rule.category.slug if rule.category_id else None,  # type: ignore[union-attr]
        place=rule.place.slug if rule.place_id else None,  # type: ignore[union-attr]
        authority=None if removed else rule.authority.slug,
        removed=removed,
        actor=public_id(actor),
    )


@transaction.atomic
def routing_rule_save(*, rule: RoutingRule, actor: User | None = None) -> RoutingRule:
    rule.full_clean()
    rule.save()
    emit(_event(rule, rule.pk, actor))
    return rule


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule, actor: User | None = None) -> None:
    rule_id = rule.pk
    event = _event(rule, rule_id, actor, removed=True)
    rule.delete()
    emit(event)
