"""The bodies below a body, whose appeals its inbox may show: the same bodies as a walk down the vertical one level
at a time, read in one query however deep the vertical goes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dauys.authorities.models import Authority
from dauys.problems import inbox

pytestmark = pytest.mark.django_db


def level_by_level(authority: Authority) -> list[int]:
    """The bodies below, as the inbox found them before: one query a level (by name, the model's ordering)."""
    found: list[int] = []
    level = [authority.pk]
    while level:
        level = list(Authority.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        level = [pk for pk in level if pk not in found and pk != authority.pk]
        found.extend(level)
    return found


@pytest.fixture
def vertical(yesil_akimat: Authority) -> dict[str, Authority]:
    """A body with four levels below it, two bodies on some, one of them closed."""
    made: dict[str, Authority] = {}

    def body(slug: str, parent: str | None, **extra: object) -> None:
        made[slug] = Authority.objects.create(
            slug=slug,
            kind=Authority.Kind.OTHER,
            name_kk=slug,
            name_ru=slug,
            name_en=slug.replace("-", " ").title(),
            response_rule=yesil_akimat.response_rule,
            parent=made[parent] if parent else None,
            **extra,
        )

    body("top", None)
    body("zhetisu-office", "top")
    body("abai-office", "top")
    body("abai-district", "abai-office")
    body("zhetisu-district", "zhetisu-office", is_active=False)
    body("abai-school-board", "abai-district")
    body("abai-school", "abai-school-board")
    return made


def test_below_finds_every_level_in_one_query(vertical: dict[str, Authority]) -> None:
    top = vertical["top"]
    with CaptureQueriesContext(connection) as seen:
        found = inbox.below(top)
    assert len(seen) == 1  # a walk one level at a time took five here: four levels, and the empty fifth
    names = ["abai-office", "zhetisu-office", "abai-district", "zhetisu-district", "abai-school-board", "abai-school"]
    assert found == [vertical[name].pk for name in names]  # level by level, by name within one; closed ones too
    with CaptureQueriesContext(connection) as seen:
        assert inbox.below(vertical["abai-school"]) == []
    assert len(seen) == 1


def test_below_finds_what_the_walk_level_by_level_found(vertical: dict[str, Authority]) -> None:
    for authority in Authority.objects.all():
        assert inbox.below(authority) == level_by_level(authority), authority.slug
