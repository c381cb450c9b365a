"""Reads on authorities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from dauys.accounts.models import User
from dauys.authorities.models import Authority, Representative
from dauys.core.i18n import order_by_name
from dauys.places.models import Place
from dauys.places.selectors import descendant_ids


def authority_list(*, kind: str = "", place: Place | None = None, query: str = "") -> QuerySet[Authority]:
    qs = Authority.objects.filter(is_active=True).select_related("place", "parent")
    if kind:
        qs = qs.filter(kind=kind)
    if place is not None:
        qs = qs.filter(place_id__in=descendant_ids(place))
    if query:
        qs = qs.filter(Q(name_kk__icontains=query) | Q(name_ru__icontains=query) | Q(name_en__icontains=query))
    return qs.order_by(order_by_name())


LINK_FIELDS = ("id", "slug", "kind", "parent_id", "name_kk", "name_ru", "name_en")


def authority_detail(*, slug: str) -> Authority | None:
    """The active authority with this slug, or None."""
    return Authority.objects.select_related("place", "response_rule").filter(slug=slug, is_active=True).first()


def vertical(*, authority: Authority) -> list[Authority]:
    """The chain of higher bodies, nearest first: one small query per level (the vertical is a few levels deep)."""
    chain: list[Authority] = []
    parent_id = authority.parent_id
    while parent_id is not None and len(chain) < 20:
        parent = Authority.objects.only(*LINK_FIELDS).filter(pk=parent_id).first()
        if parent is None or parent.pk in {a.pk for a in chain}:
            break
        chain.append(parent)
        parent_id = parent.parent_id
    return chain


def below_ids(*, authority: Authority) -> list[int]:
    """The ids of the bodies below ``authority`` at every level, active or not, level by level and by name within a
    level. One query, whatever the depth: the directory's parent links (a pair of numbers per body that answers to
    another, a few hundred) are read at once and walked here, instead of asking the database once per level."""
    links = list(Authority.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))  # by name (Meta)
    found: list[int] = []
    seen, level = {authority.pk}, {authority.pk}
    while level:
        # ``seen`` also ends a loop in the links, should the data hold one (``Authority.clean`` refuses them).
        step = [pk for pk, parent_id in links if parent_id in level and pk not in seen]
        seen.update(step)
        found.extend(step)
        level = set(step)
    return found


def subordinates(*, authority: Authority) -> QuerySet[Authority]:
    return (
        authority.children.filter(is_active=True)
        .select_related("place")
        .only(*LINK_FIELDS, "place__slug", "place__name_kk", "place__name_ru", "place__name_en")
        .order_by(order_by_name())
    )


def verified_representatives(*, authority: Authority) -> QuerySet[Representative]:
    return (
        authority.representatives.filter(verified=True, user__deleted_at__isnull=True)
        .select_related("user")
        .order_by("position", "pk")
    )


@dataclass
class Node:
    authority: Authority
    children: list[Node] = field(default_factory=list)


def vertical_tree() -> list[Node]:
    """The whole vertical as a forest, roots first; one query."""
    authorities = list(Authority.objects.filter(is_active=True).select_related("place").order_by(order_by_name()))
    nodes = {a.pk: Node(a) for a in authorities}
    roots: list[Node] = []
    for a in authorities:
        if a.parent_id and a.parent_id in nodes:
            nodes[a.parent_id].children.append(nodes[a.pk])
        else:
            roots.append(nodes[a.pk])
    kind_order = [k.value for k in Authority.Kind]
    roots.sort(key=lambda n: kind_order.index(n.authority.kind))
    return roots


def representative_roles_export(user: User) -> list[dict[str, Any]]:
    return [
        {"authority": r.authority.slug, "position": r.position, "verified": r.verified}
        for r in user.representations.select_related("authority")
    ]
