"""Filing where first: a point or a town found by name fills in the place, and the open problems near it are shown."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.problems import selectors

pytestmark = pytest.mark.django_db


def test_open_problems_near_a_point_nearest_first_within_500_m(make_problem) -> None:  # type: ignore[no-untyped-def]
    here = (51.1282, 71.4304)
    near = make_problem(title="Near here", latitude=51.1300, longitude=71.4304)  # about 200 m north
    nearer = make_problem(title="Nearer still", latitude=51.1285, longitude=71.4310)  # about 50 m
    make_problem(title="Too far", latitude=51.1400, longitude=71.4304)  # about 1.3 km
    make_problem(title="No point")
    make_problem(title="A draft", publish=False, latitude=51.1283, longitude=71.4304)
    found = selectors.nearby_open(lat=here[0], lon=here[1])
    assert [p.title for p in found] == ["Nearer still", "Near here"]
    assert 30 < found[0].distance < 70 and 180 < found[1].distance < 220  # type: ignore[attr-defined]
    assert nearer.pk == found[0].pk and near.pk == found[1].pk


def test_a_point_in_the_address_fills_in_the_place_and_shows_the_problems_near_it(
    client: Client, author, make_problem
) -> None:  # type: ignore[no-untyped-def]
    make_problem(title="Dark underpass", latitude=51.1285, longitude=71.4310)
    client.force_login(author)
    page = client.get("/en/problems/new/", {"lat": "51.1282", "lon": "71.4304"}).content.decode()
    assert '<option value="astana-yesil" selected>' in page
    assert 'value="51.1282"' in page and 'value="71.4304"' in page
    assert "The pin is in: Yesil District. Check the place below." in page
    assert "Open problems near this point" in page and "Dark underpass" in page
    outside = client.get("/en/problems/new/", {"lat": "42.87", "lon": "74.59"}).content.decode()
    assert "This point is not in Kazakhstan" in outside
    assert client.get("/en/problems/new/", {"lat": "north", "lon": "1e999"}).status_code == 200  # ignored


def test_a_town_found_by_name_links_back_with_its_point(client: Client, author) -> None:  # type: ignore[no-untyped-def]
    client.force_login(author)
    page = client.get("/ru/problems/new/", {"find": "Qaraghandy"}).content.decode()
    assert "Караганда" in page and "Карагандинская область" in page
    assert "/ru/problems/new/?lat=49.8" in page
    none = client.get("/ru/problems/new/", {"find": "Атлантида"}).content.decode()
    assert "«Атлантида»" in none


def test_the_nearby_fragment_answers_the_pin(client: Client, make_problem) -> None:  # type: ignore[no-untyped-def]
    make_problem(title="Dark underpass", latitude=51.1285, longitude=71.4310)
    fragment = client.get("/en/problems/nearby/", {"lat": "51.1282", "lon": "71.4304"})
    assert fragment.status_code == 200 and "Dark underpass" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    empty = client.get("/en/problems/nearby/", {"lat": "43.2", "lon": "76.9"}).content.decode()
    assert "No open problem within 500 m" in empty
    assert client.get("/en/problems/nearby/", {"lat": "x", "lon": "1"}).status_code == 400


def test_the_place_list_is_grouped_by_region_and_city(client: Client, author) -> None:  # type: ignore[no-untyped-def]
    client.force_login(author)
    page = client.get("/en/problems/new/").content.decode()
    almaty = page.split('<optgroup label="Almaty">', 1)[1].split("</optgroup>", 1)[0]
    assert '<option value="almaty">Almaty, the whole city</option>' in almaty
    assert "Almaly District" in almaty and "Yesil" not in almaty
    assert '<option value="" selected>Choose the place…</option>' in page


def test_each_reader_of_the_shared_form_gets_a_key_of_their_own(client: Client, author, make_user) -> None:  # type: ignore[no-untyped-def]
    import re

    keys = []
    for person in (author, author, make_user("Second_Person")):
        client.force_login(person)
        page = client.get("/en/problems/new/").content.decode()
        keys += re.findall(r'name="submission_key" value="([\w-]+)"', page)
    assert len(keys) == 3 and len(set(keys)) == 3  # a double submission files one problem; two forms file two
