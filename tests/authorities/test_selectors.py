"""Reading the vertical: the whole tree once."""

from __future__ import annotations

import pytest

from dauys.authorities.models import Authority
from dauys.authorities.selectors import vertical_tree

pytestmark = pytest.mark.django_db


def test_vertical_tree_holds_every_authority_once() -> None:
    seen: list[int] = []

    def walk(nodes) -> None:  # type: ignore[no-untyped-def]
        for n in nodes:
            seen.append(n.authority.pk)
            walk(n.children)

    walk(vertical_tree())
    assert sorted(seen) == sorted(Authority.objects.values_list("pk", flat=True))
