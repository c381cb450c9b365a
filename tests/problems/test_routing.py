"""Routing suggests the body a problem goes to: the city akimat of a city of regional significance, not the
region's, and the region's where the city has none of its own."""

from __future__ import annotations

import pytest

from dauys.places.models import Place
from dauys.problems import routing
from dauys.problems.models import Category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("place", "akimat"),
    [
        ("karaganda", "akimat-karaganda"),
        ("oskemen", "akimat-oskemen"),
        ("taldykorgan", "akimat-taldykorgan"),  # a city of Jetisu since 2022
        ("karaganda-region", "akimat-karaganda-region"),
        ("baikonur", "akimat-kyzylorda-region"),  # leased to Russia: no Kazakh city akimat
    ],
)
def test_a_city_of_regional_significance_routes_to_its_own_akimat(place: str, akimat: str) -> None:
    roads = Category.objects.get(slug="roads")
    suggested = routing.suggest(category=roads, place=Place.objects.get(slug=place))
    assert suggested is not None and suggested.slug == akimat
