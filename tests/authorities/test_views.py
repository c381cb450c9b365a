"""The directory's pages: filters with precise errors, an authority's page, the vertical."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_filter_by_kind_and_place(client: Client) -> None:
    response = client.get("/en/authorities/", {"kind": "akimat", "place": "astana"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Akimat of Astana" in html
    assert "Yesil" in html
    assert "Akimat of Abai Region" not in html
    assert "Ministry" not in html


def test_bad_filter_gets_a_precise_message_and_400(client: Client) -> None:
    response = client.get("/ru/authorities/", {"kind": "emperor", "place": "atlantis"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Такого типа органа нет." in html
    assert "Такой территории нет." in html


def test_authority_page(client: Client) -> None:
    response = client.get("/kk/authorities/akimat-astana/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Астана қаласының әкімдігі" in html
    assert "Қазақстан Республикасының Үкіметі" in html  # answers to the Government


def test_vertical_page(client: Client) -> None:
    response = client.get("/en/authorities/vertical/")
    assert response.status_code == 200
    assert "Administration of the President of the Republic of Kazakhstan" in response.content.decode()
