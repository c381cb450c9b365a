"""A page without photos or a map weighs under 150 KB on its first load (3G, Tor), and loads no map library."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Server

LIMIT = 150 * 1024
PAGES = [
    "/authorities/",
    "/authorities/akimat-astana/",
    "/scorecards/",
    "/places/",
    "/moderation/log/",
    "/record/",
    "/accounts/login/",
    "/reports/",
]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_page_without_photos_or_a_map_weighs_under_150_kb_on_first_load(browser, server: Server, lang: str) -> None:  # type: ignore[no-untyped-def]
    heavy = []
    for path in PAGES:
        context = browser.new_context(viewport={"width": 390, "height": 900})  # nothing cached: a first visit
        page = context.new_page()
        loaded: list = []
        page.on("requestfinished", lambda request, loaded=loaded: loaded.append(request))
        response = page.goto(f"{server.url}/{lang}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        sizes = {request.url: request.sizes()["responseBodySize"] for request in loaded}
        total = sum(sizes.values())
        assert all(url.startswith(server.url) for url in sizes), sizes  # nothing from anywhere else
        assert not any("maplibre" in url for url in sizes), path
        if total >= LIMIT:
            heavy.append(f"{path}: {total // 1024} KB {sorted(sizes.items(), key=lambda kv: -kv[1])[:4]}")
        assert total > 10 * 1024, (path, sizes)  # the page, its styles and script were counted
        context.close()
    assert heavy == []
