"""Operators' edits of the routing table: each save and each deletion is validated and emits one public event."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dauys.core.events import record_events
from dauys.problems import routing
from dauys.problems.models import Category, RoutingRule
from dauys.problems.services.routing import routing_rule_delete, routing_rule_save

pytestmark = pytest.mark.django_db


def test_a_saved_rule_routes_and_a_deleted_one_stops(yesil_akimat, make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    operator = make_user("Operator")
    category = Category.objects.get(slug="corruption")
    rule = RoutingRule(category=category, place=yesil_akimat.place, authority=yesil_akimat)
    names, rule = emitted(routing_rule_save, rule=rule, actor=operator)
    assert names == ["routing.changed"]
    assert routing.suggest(category=category, place=yesil_akimat.place) == yesil_akimat
    names, _none = emitted(routing_rule_delete, rule=rule, actor=operator)
    assert names == ["routing.changed"] and not RoutingRule.objects.filter(pk=rule.pk).exists()
    assert routing.suggest(category=category, place=yesil_akimat.place) != yesil_akimat  # the national rule again


def test_a_rule_without_an_authority_is_refused_and_nothing_is_announced(yesil_akimat) -> None:  # type: ignore[no-untyped-def]
    before = RoutingRule.objects.count()
    with record_events() as seen, pytest.raises(ValidationError) as refused:
        routing_rule_save(rule=RoutingRule(place=yesil_akimat.place))
    assert "authority" in refused.value.message_dict
    assert seen == [] and RoutingRule.objects.count() == before
