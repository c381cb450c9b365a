"""The tile-grid cartogram: all 20 top-level units, one square each, no two in one place, neighbours near."""

from __future__ import annotations

import pytest
from django.utils import translation

from dauys.places import cartogram
from dauys.places.models import Place

pytestmark = pytest.mark.django_db


def test_every_top_level_unit_has_its_own_square_and_a_short_label_in_each_language() -> None:
    units = set(Place.objects.filter(kind__in=[Place.Kind.REGION, Place.Kind.CITY]).values_list("iso_code", flat=True))
    assert units == set(cartogram.GRID) and len(units) == 20
    assert len(set(cartogram.GRID.values())) == 20  # no two units share a square
    assert all(0 <= c < cartogram.COLUMNS and 0 <= r < cartogram.ROWS for c, r in cartogram.GRID.values())
    for language, labels in cartogram.SHORT.items():
        assert set(labels) == units, language
        assert all(len(label) <= 12 for label in labels.values()), language  # fits a square


def test_geography_is_kept_roughly() -> None:
    grid = cartogram.GRID
    west, east = grid["KZ-27"], grid["KZ-63"]  # West and East Kazakhstan
    north, south = grid["KZ-59"], grid["KZ-79"]  # North Kazakhstan and Shymkent
    assert west[0] < east[0] and north[1] < south[1]
    assert abs(grid["KZ-71"][0] - grid["KZ-11"][0]) + abs(grid["KZ-71"][1] - grid["KZ-11"][1]) == 1  # Astana by Akmola
    assert abs(grid["KZ-75"][1] - grid["KZ-19"][1]) == 1  # Almaty below its region


def test_colour_steps_follow_the_values() -> None:
    assert [cartogram.level(v, 100) for v in (0, 1, 4, 25, 64, 100)] == [0, 1, 1, 3, 4, 5]
    assert cartogram.level(5, 0) == 0
    astana = Place.objects.get(iso_code="KZ-71")
    with translation.override("ru"):
        cells = cartogram.cells({astana.pk: 7}, lambda p: f"/x/{p.slug}")
    by_code = {c.place.iso_code: c for c in cells}
    assert (by_code["KZ-71"].level, by_code["KZ-71"].short, by_code["KZ-71"].is_city) == (5, "Астана", True)
    assert by_code["KZ-27"].short == "ЗКО" and by_code["KZ-27"].level == 0 and not by_code["KZ-27"].is_city
