"""Seeding the places: the 20 top-level units of ISO 3166-2:KZ, three names each, districts, idempotent."""

from __future__ import annotations

import pycountry
import pytest

from dauys.places.models import Place
from dauys.places.services import places_seed

pytestmark = pytest.mark.django_db


def test_the_20_top_level_units_match_iso_3166_2_kz() -> None:
    iso = {s.code for s in pycountry.subdivisions.get(country_code="KZ")}
    ours = set(Place.objects.filter(kind__in=["region", "city"]).values_list("iso_code", flat=True))
    assert len(ours) == 20
    assert ours == iso
    assert {"KZ-10", "KZ-33", "KZ-62"} <= ours  # Abai, Jetisu, Ulytau (2022)
    assert set(Place.objects.filter(kind="city").values_list("iso_code", flat=True)) == {
        "KZ-71",
        "KZ-75",
        "KZ-79",
    }


def test_every_place_has_three_names_and_a_centroid_in_kazakhstan() -> None:
    for place in Place.objects.all():
        assert place.name_kk and place.name_ru and place.name_en, place.code
        assert 40 < place.latitude < 56 and 46 < place.longitude < 88, place.code


def test_city_districts_are_seeded() -> None:
    for code, count in {"KZ-71": 6, "KZ-75": 8, "KZ-79": 5}.items():
        assert Place.objects.get(code=code).children.count() == count


def test_seeding_again_adds_nothing_and_keeps_operator_edits() -> None:
    place = Place.objects.get(code="KZ-71")
    place.name_en = "Astana (edited)"
    place.save()
    assert places_seed() == 0
    place.refresh_from_db()
    assert place.name_en == "Astana (edited)"


def test_an_operators_edit_is_validated_and_emits_one_event(make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    from dauys.places.services import place_save

    astana = Place.objects.get(code="KZ-71")
    astana.name_en = "Astana (the capital)"
    names, _saved = emitted(place_save, place=astana, changed=["name_en"], actor=make_user("Operator"))
    assert names == ["place.changed"]
    assert Place.objects.get(pk=astana.pk).name_en == "Astana (the capital)"
    astana.latitude = 200
    with pytest.raises(ValidationError):
        emitted(place_save, place=astana, changed=["latitude"])
    assert Place.objects.get(pk=astana.pk).latitude != 200
