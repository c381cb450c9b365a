"""What public control adds to other apps' pages: a city's page maps its open problems by district."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from dauys.places.models import Place

pytestmark = pytest.mark.django_db


def test_a_city_page_maps_its_open_problems_by_district_and_other_places_do_not(make_problem) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    make_problem()
    make_problem(title="Broken lights")
    make_problem(title="Done already").__class__.objects.filter(title="Done already").update(status="resolved")
    yesil = Place.objects.get(code="KZ-71-yesil")
    page = Client().get("/en/places/astana/").content.decode()
    assert "Open problems by district" in page
    assert f"<title>{yesil.name_en}: 2</title>" in page  # open ones only
    assert f'href="/en/problems/?place={yesil.slug}&amp;status=open"' in page
    assert "Circles are the cities" not in page  # a district map has no city circles
    for other in ("karaganda-region", yesil.slug, "kazakhstan"):
        response = Client().get(f"/en/places/{other}/")
        assert response.status_code == 200 and "Open problems by district" not in response.content.decode(), other


def test_a_city_scorecard_compares_its_districts_on_a_map(make_problem) -> None:  # type: ignore[no-untyped-def]
    make_problem()
    page = Client().get("/en/places/astana/scorecard/?map=problems").content.decode()
    assert "Districts compared" in page and '<svg viewBox="0 0 640' in page
    assert "/en/places/astana-yesil/scorecard/" in page
