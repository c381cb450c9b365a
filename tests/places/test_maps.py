"""The server's maps: the 20 units on their real outlines, coloured by a figure, labelled in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from dauys.places import maps
from dauys.places.models import Place

pytestmark = pytest.mark.django_db


def test_every_top_level_unit_is_drawn_with_a_short_label_in_each_language() -> None:
    units = set(Place.objects.filter(kind__in=[Place.Kind.REGION, Place.Kind.CITY]).values_list("iso_code", flat=True))
    assert units == set(maps.UNITS) and len(units) == 20
    for language, labels in maps.SHORT.items():
        assert set(labels) == units, language
        assert all(len(label) <= 12 for label in labels.values()), language


def test_colour_steps_follow_the_values_and_cities_come_last() -> None:
    assert [maps.level(v, 100) for v in (0, 1, 4, 25, 64, 100)] == [0, 1, 1, 3, 4, 5]
    assert maps.level(5, 0) == 0
    astana = Place.objects.get(iso_code="KZ-71")
    with translation.override("ru"):
        country = maps.country({astana.pk: 7}, lambda p: f"/x/{p.slug}")
    by_code = {s.place.iso_code: s for s in country.shapes}
    assert (by_code["KZ-71"].level, by_code["KZ-71"].short, by_code["KZ-71"].is_city) == (5, "Астана", True)
    assert by_code["KZ-27"].short == "ЗКО" and by_code["KZ-27"].level == 0 and by_code["KZ-27"].text == "0"
    assert [s.is_city for s in country.shapes][-3:] == [True, True, True]
    assert by_code["KZ-71"].href == "/x/astana" and by_code["KZ-71"].d.startswith("M")
    # Every label lies inside the picture.
    assert all(0 < s.x < country.width and 0 < s.y < country.height for s in country.shapes)


def test_a_missing_figure_is_not_zero() -> None:
    country = maps.country({}, lambda p: "", text=lambda v: f"{v}%", missing="–")
    assert {s.text for s in country.shapes} == {"–"}
