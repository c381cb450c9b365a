"""Reading the vertical: the whole tree once, and the bodies below one body in one query."""

from __future__ import annotations

import pytest

from dauys.authorities.models import Authority
from dauys.authorities.selectors import below_ids, vertical_tree

pytestmark = pytest.mark.django_db


def test_vertical_tree_holds_every_authority_once() -> None:
    seen: list[int] = []

    def walk(nodes) -> None:  # type: ignore[no-untyped-def]
        for n in nodes:
            seen.append(n.authority.pk)
            walk(n.children)

    walk(vertical_tree())
    assert sorted(seen) == sorted(Authority.objects.values_list("pk", flat=True))


def test_below_ids_reads_a_deep_vertical_in_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    rule = Authority.objects.get(slug="akimat-astana-yesil").response_rule
    chain: list[Authority] = []
    for depth in range(5):
        chain.append(
            Authority.objects.create(
                slug=f"level-{depth}", kind=Authority.Kind.OTHER, name_kk="a", name_ru="a", name_en=f"Level {depth}",
                response_rule=rule, parent=chain[-1] if chain else None,
            )
        )  # fmt: skip
    with django_assert_num_queries(1):  # a walk one level at a time took five: four levels, and the empty fifth
        assert below_ids(authority=chain[0]) == [a.pk for a in chain[1:]]
