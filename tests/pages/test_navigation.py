"""The main menu (pages.navigation): each app adds its entry; the page's own is marked current."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dauys.pages.navigation import main_menu

pytestmark = pytest.mark.django_db


def test_the_menu_holds_each_apps_entry_in_order_and_marks_the_current_one(client: Client) -> None:
    assert [e.key for e in main_menu()] == ["problems", "places", "authorities", "scorecards", "initiatives"]
    page = client.get("/ru/places/").content.decode()
    menu = page[page.index('<nav class="main-nav"') :]
    menu = menu[: menu.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', menu)
    assert links[:4] == [
        ("/ru/problems/", "", "Проблемы"),
        ("/ru/places/", ' aria-current="page"', "Территории"),
        ("/ru/authorities/", "", "Органы"),
        ("/ru/scorecards/", "", "Показатели"),
    ]


def test_the_first_primary_action_is_the_headers_button_on_every_page(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.pages.navigation import primary_actions

    assert [a.key for a in primary_actions()] == ["report"]
    for url in ("/kk/", "/ru/places/", "/en/no-such-page/"):
        header = client.get(url).content.decode().split("</header>")[0]
        assert re.search(r'<a class="button header-action" href="/\w\w/problems/new/">[^<]+</a>', header), url
    client.force_login(make_user("Citizen"))
    assert 'aria-current="page">Report a problem' in client.get("/en/problems/new/").content.decode()
