"""Suggest the authority responsible for a problem of a category in a place."""

from __future__ import annotations

from dauys.authorities.models import Authority
from dauys.places.models import Place
from dauys.problems.models import Category, RoutingRule


def place_chain(place: Place) -> list[Place]:
    """The place and every place above it, nearest first."""
    chain: list[Place] = []
    node: Place | None = place
    while node is not None and len(chain) < 10:
        chain.append(node)
        node = node.parent
    return chain


def suggest(*, category: Category, place: Place) -> Authority | None:
    """The most specific routing rule; else the akimat of the smallest place that has one."""
    chain = place_chain(place)
    rank = {p.pk: i for i, p in enumerate(chain)}
    rules = RoutingRule.objects.filter(category__in=[category, None]).select_related("authority")
    best: tuple[int, int, Authority] | None = None
    for rule in rules:
        if not rule.authority.is_active:
            continue
        if rule.place_id is None:
            place_rank = len(chain)
        elif rule.place_id in rank:
            place_rank = rank[rule.place_id]
        else:
            continue
        key = (0 if rule.category_id else 1, place_rank)
        if best is None or key < best[:2]:
            best = (*key, rule.authority)
    if best is not None:
        return best[2]
    for node in chain:
        akimat = Authority.objects.filter(kind=Authority.Kind.AKIMAT, place=node, is_active=True).first()
        if akimat is not None:
            return akimat
    return None
