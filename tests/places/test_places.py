from __future__ import annotations

import pycountry
import pytest
from django.test import Client

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


@pytest.mark.parametrize(("lang", "name"), [("kk", "Абай облысы"), ("en", "Abai Region")])
def test_places_index_lists_units_in_the_language(client: Client, lang: str, name: str) -> None:
    response = client.get(f"/{lang}/places/")
    assert response.status_code == 200
    assert name in response.content.decode()


def test_place_page_shows_sub_places_and_authorities(client: Client) -> None:
    astana = Place.objects.get(code="KZ-71")
    response = client.get(f"/en/places/{astana.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Yesil District" in html
    # The bodies of the place itself, drawn by the directory's section of the place page (pages.sections).
    listed = html.split('<ul class="authority-list">', 1)[1].split("</ul>", 1)[0]
    assert "Akimat of Astana" in listed and "Yesil" not in listed


def test_unknown_place_is_404(client: Client) -> None:
    assert client.get("/en/places/atlantis/").status_code == 404


@pytest.mark.django_db
def test_every_places_problems_link_lists_problems(client) -> None:  # type: ignore[no-untyped-def]
    # The country's page links to every problem (the list refuses the country as a filter: it is "all").
    import re

    for slug in ("kazakhstan", "astana"):
        page = client.get(f"/en/places/{slug}/").content.decode()
        link = re.search(r'<a class="button secondary" href="(/en/problems/[^"]*)">Problems here</a>', page)
        assert link is not None and client.get(link.group(1).replace("&amp;", "&")).status_code == 200, slug
