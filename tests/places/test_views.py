"""The places' pages: the index in the reader's language, a place with its sub-places, links that list problems."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.places.models import Place

pytestmark = pytest.mark.django_db


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


def test_a_point_is_located_in_the_smallest_place_with_the_way_up(client: Client) -> None:
    found = client.get("/ru/places/locate.json", {"lat": "51.13", "lon": "71.43"})
    assert found.status_code == 200
    assert found.json() == {"place": "astana-yesil", "name": "район Есиль", "trail": "район Есиль, Астана"}
    town = client.get("/en/places/locate.json", {"lat": "45.02", "lon": "78.37"}).json()
    assert (town["place"], town["trail"]) == ("taldykorgan", "Taldykorgan, Jetisu Region")  # in Jetisu since 2022
    steppe = client.get("/en/places/locate.json", {"lat": "49.0", "lon": "75.0"}).json()
    assert (steppe["place"], steppe["trail"]) == ("karaganda-region", "Karaganda Region")


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"lat": "42.87", "lon": "74.59"}, 404, "not_found"),  # Bishkek
        ({"lat": "51.1", "lon": "north"}, 400, "bad_request"),
        ({"lat": "91", "lon": "71"}, 400, "bad_request"),
        ({"lat": "nan", "lon": "71"}, 400, "bad_request"),
        ({}, 400, "bad_request"),
    ],
)
def test_a_point_that_is_not_one_or_not_here_gets_a_json_error(
    client: Client, query: dict[str, str], status: int, code: str
) -> None:
    response = client.get("/en/places/locate.json", query)
    assert response.status_code == status and response.json()["error"] == code
    assert response.json()["message"]


def test_the_outlines_are_served_as_geojson_for_a_day(client: Client) -> None:
    response = client.get("/en/places/outlines.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert len(response.json()["features"]) == 77  # 20 units, 18 city districts, 39 cities of regional significance


def test_tiles_are_served_from_the_archive_and_only_when_there_is_one(client: Client, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.places.test_tiles import write_archive

    assert client.get("/tiles/0/0/0").status_code == 404  # no archive configured
    settings.MAP_PMTILES = write_archive(tmp_path / "kz.pmtiles", {(0, 0, 0): b"world", (3, 5, 2): b"steppe"})
    tile = client.get("/tiles/3/5/2")
    assert tile.status_code == 200 and tile.content == b"steppe"
    assert tile["Content-Type"] == "application/vnd.mapbox-vector-tile" and tile["Content-Encoding"] == "gzip"
    assert tile["Cache-Control"] == "public, max-age=86400"
    assert client.get("/tiles/3/5/3").status_code == 404  # no such tile
    assert client.get("/tiles/30/5/3").status_code == 404  # deeper than the archive
    assert client.get("/tiles/3/99999999999999999999999/3").status_code == 404


def test_towns_are_found_by_name_as_json_in_the_readers_language(client: Client) -> None:
    body = client.get("/kk/places/search.json", {"q": "Karaganda"}).json()
    assert body["results"][0] == {
        "name": "Қарағанды",
        "kind": "city",
        "region": "Қарағанды облысы",
        "lat": body["results"][0]["lat"],
        "lon": body["results"][0]["lon"],
    }
    assert 49.7 < body["results"][0]["lat"] < 49.9
    assert client.get("/en/places/search.json", {"q": "x"}).json() == {"results": []}
    assert client.get("/en/places/search.json").json() == {"results": []}
