"""The main menu (pages.navigation): each app adds its entry; the page's own is marked current."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dauys.pages.navigation import main_menu

pytestmark = pytest.mark.django_db


def test_the_menu_holds_each_apps_entry_in_order_and_marks_the_current_one(client: Client) -> None:
    assert [e.key for e in main_menu()] == ["problems", "places", "authorities", "scorecards"]
    page = client.get("/ru/places/").content.decode()
    menu = page[page.index('<nav class="wrap main-nav"') :]
    menu = menu[: menu.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', menu)
    assert links[:4] == [
        ("/ru/problems/", "", "Проблемы"),
        ("/ru/places/", ' aria-current="page"', "Территории"),
        ("/ru/authorities/", "", "Органы"),
        ("/ru/scorecards/", "", "Показатели"),
    ]
