"""Finding a town, village or district by its name, typed in any script, with its region from the outlines."""

from __future__ import annotations

import pytest

from dauys.places import gazetteer


def found(query: str, language: str = "ru") -> list[str]:
    return [entry.name(language) for entry in gazetteer.search(query, limit=5)]


@pytest.mark.parametrize("query", ["Караганда", "Қарағанды", "Karaganda", "Qaraghandy", "Qarağandy", "karag"])
def test_a_city_is_found_in_every_script(query: str) -> None:
    assert found(query)[0] == "Караганда"


def test_former_names_find_the_town_under_its_name() -> None:
    assert found("Kapchagay")[0] == "Конаев" and found("Капчагай")[0] == "Конаев"
    assert found("Alma-Ata")[0] == "Алматы"
    assert found("Semipalatinsk")[0] == "Семей"


def test_names_are_shown_in_the_readers_language_with_the_region() -> None:
    best = gazetteer.search("Oskemen")[0]
    assert (best.name("kk"), best.name("ru"), best.name("en")) == ("Өскемен", "Усть-Каменогорск", "Oskemen")
    assert best.kind == "city" and best.unit == "KZ-63"  # East Kazakhstan
    taldykorgan = gazetteer.search("Талдыкорган")[0]
    assert taldykorgan.unit == "KZ-33"  # Jetisu, since 2022


def test_districts_are_found_by_their_name_and_two_of_a_name_by_region() -> None:
    abay = [e for e in gazetteer.search("Абай", limit=20) if e.kind == "district" and e.en.startswith("Abay")]
    assert {e.name("en") for e in abay} == {"Abay District"} and len({e.unit for e in abay}) >= 2


def test_every_city_of_regional_significance_and_district_is_named_in_three_languages() -> None:
    entries = gazetteer.entries()
    cities = [e for e in entries if e.kind == "city"]
    districts = [e for e in entries if e.kind == "district"]
    assert len(cities) >= 40 and len(districts) >= 160
    for entry in entries:
        assert entry.kk and entry.ru and entry.en, entry
        assert entry.unit is not None, entry  # every point lies in Kazakhstan
    assert "GeoNames" in gazetteer.source() and "geokz" in gazetteer.source()


def test_too_short_or_unknown_finds_nothing() -> None:
    assert found("a") == [] and found("Atlantis") == [] and found("  ") == []
