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
