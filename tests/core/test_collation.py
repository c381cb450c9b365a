"""Names are listed in the reader's alphabet, the same in Python and in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from dauys.authorities.models import Authority
from dauys.core.collation import sort_key
from dauys.core.i18n import name_key, order_by_name
from dauys.places.models import Place

pytestmark = pytest.mark.django_db


def test_kazakh_letters_stand_where_the_kazakh_alphabet_puts_them() -> None:
    words = ["Шымкент", "Ұлытау", "Қостанай", "Атырау", "Ақмола", "Кентау", "Ленгер", "Үржар", "Іле", "Ысты", "Әлия"]
    assert sorted(words, key=lambda w: sort_key(w, "kk")) == [
        "Ақмола",  # А, then Қ (after К, before Л) ...
        "Атырау",  # ... comes before Т
        "Әлия",  # Ә right after А
        "Кентау",
        "Қостанай",  # Қ after К
        "Ленгер",
        "Ұлытау",  # Ұ and Ү after У
        "Үржар",
        "Шымкент",
        "Ысты",
        "Іле",  # І after Ы
    ]
    # In Russian, І goes with И (ICU's order); case does not count; a shorter name comes first.
    assert sorted(["Йошкар", "Іле", "Иван"], key=lambda w: sort_key(w, "ru")) == ["Иван", "Іле", "Йошкар"]
    assert sorted(["алматы облысы", "Алматы", "АСТАНА"], key=lambda w: sort_key(w, "kk")) == [
        "Алматы",
        "алматы облысы",
        "АСТАНА",
    ]
    # Kazakh and Russian put Cyrillic before Latin, English Latin first (as ICU does).
    assert sorted(["AMANAT", "Ақ жол"], key=lambda w: sort_key(w, "kk")) == ["Ақ жол", "AMANAT"]
    assert sorted(["AMANAT", "Ақ жол"], key=lambda w: sort_key(w, "ru")) == ["Ақ жол", "AMANAT"]
    assert sorted(["Астана", "Almaty"], key=lambda w: sort_key(w, "en")) == ["Almaty", "Астана"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_database_orders_names_as_python_does(language: str) -> None:
    with translation.override(language):
        places = list(Place.objects.order_by(order_by_name()).values_list(f"name_{language}", flat=True))
        authorities = list(Authority.objects.order_by(order_by_name()).values_list(f"name_{language}", flat=True))
        assert len(places) >= 20 and len(authorities) >= 20
        assert places == sorted(places, key=name_key)
        assert authorities == sorted(authorities, key=name_key)
    if language == "kk":
        assert places.index("Қарағанды облысы") < places.index("Шымкент")


def test_the_places_page_lists_regions_in_the_readers_alphabet() -> None:
    page = Client().get("/kk/places/").content.decode()
    regions = ["Ақмола", "Атырау", "Жетісу", "Қарағанды", "Маңғыстау", "Түркістан", "Ұлытау", "Шығыс Қазақстан"]
    positions = [page.index(f"{name} облысы") for name in regions]
    assert positions == sorted(positions)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_comparison_offers_authorities_in_the_readers_alphabet(language: str) -> None:
    page = Client().get(f"/{language}/scorecards/compare/").content.decode()
    first = page[page.index("<select") : page.index("</select>")]
    names = [html.unescape(n) for n in re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', first)]
    assert len(names) >= 20
    assert names == sorted(names, key=lambda n: sort_key(n, language))
