"""Scorecards as citizens meet them: reached from a body's and a place's page, and never an empty default view."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from dauys.authorities.models import Authority

pytestmark = pytest.mark.django_db


def test_a_bodys_and_a_places_page_lead_to_their_scorecards(client: Client) -> None:
    body = client.get("/en/authorities/akimat-karaganda/").content.decode()
    assert 'href="/en/authorities/akimat-karaganda/scorecard/">Scorecard</a>' in body
    assert "https://eotinish.kz" in body and "None known here yet" not in body  # the state portal, at least
    place = client.get("/en/places/karaganda/").content.decode()
    assert 'href="/en/places/karaganda/scorecard/">Scorecard</a>' in place


def test_with_too_few_appeals_to_rank_the_small_samples_are_shown_marked(client: Client, recorded_appeal) -> None:  # type: ignore[no-untyped-def]
    recorded_appeal(date(2026, 6, 1), authority=Authority.objects.get(slug="akimat-karaganda"))
    query = {"period": "all", "group": "district-akimats", "figure": "overdue_share"}
    page = client.get("/en/scorecards/", query).content.decode()
    small = page.split('<details class="unranked" open>', 1)[1].split("</details>", 1)[0]
    karaganda = small.split("Akimat of Karaganda</a></th>", 1)[1].split("</tr>", 1)[0]
    assert '0% <span class="badge warn">small sample</span>' in karaganda  # one appeal, not overdue


def test_a_body_without_any_contact_says_how_to_reach_it(client: Client) -> None:
    Authority.objects.filter(slug="akimat-karaganda").update(portal_url="")
    body = client.get("/en/authorities/akimat-karaganda/").content.decode()
    assert "None known here yet: an appeal to this body is sent through eOtinish" in body


def test_the_countrys_scorecard_compares_the_regions_on_the_map(client: Client) -> None:
    page = client.get("/en/places/kazakhstan/scorecard/", {"period": "all"}).content.decode()
    section = page.split('<h2 id="map-h">', 1)[1]
    assert section.startswith("Regions and cities compared") and '<figure class="map outline-map">' in section
    assert section.count('<path d="M') == 20
