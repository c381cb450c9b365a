"""Filing a problem in Chromium with JavaScript off; the served photo carries no GPS or camera metadata."""

from __future__ import annotations

import io
import urllib.request

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import Server


def photo_with_gps(path: str) -> None:
    img = Image.new("RGB", (1200, 900), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"
    exif[0x8825] = {1: "N", 2: (43.0, 14.0, 18.0), 3: "E", 4: (76.0, 53.0, 4.0)}
    img.save(path, "JPEG", exif=exif)


def test_file_a_problem_with_a_geotagged_photo_without_javascript(browser, server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    photo = tmp_path / "IMG_0001.jpg"
    photo_with_gps(str(photo))
    assert Image.open(photo).getexif().get_ifd(0x8825), "the test photo must carry GPS data"

    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server.url}/en/accounts/login/")
    page.get_by_label("Email").fill("demo2@demo.dauys.invalid")
    page.get_by_label("Password").fill("dauys-demo-2026")
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"{server.url}/en/problems/new/")
    page.locator("#id_title").fill("Broken water pipe floods the courtyard")
    page.locator("#id_body").fill("Since Monday a pipe in the courtyard of house 12 leaks; the water freezes at night.")
    page.locator("#id_category").select_option("utilities")
    page.locator("#id_place").select_option("astana-yesil")
    page.locator("#id_photos").set_input_files(str(photo))
    page.get_by_role("button", name="Save the draft and preview").click()
    expect(page.get_by_role("heading", name="Preview: this draft is visible only to you")).to_be_visible()
    page.get_by_role("button", name="Publish with my name").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Address the problem to an authority")
    page.get_by_role("link", name="Broken water pipe floods the courtyard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Broken water pipe floods the courtyard")

    for img in page.locator(".photos img").all() + page.locator(".photos a").all():
        src = img.get_attribute("src") or img.get_attribute("href")
        assert src
        with urllib.request.urlopen(server.url + src) as response:
            data = response.read()
        served = Image.open(io.BytesIO(data))
        assert not served.getexif(), src
        assert b"SecretPhoneMaker" not in data and b"GPS" not in data
    context.close()


def test_map_with_tiles_draws_the_problems_and_loads_only_the_configured_tiles(  # type: ignore[no-untyped-def]
    browser, tiled_server, tile_server
) -> None:
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    with page.expect_response(lambda response: "/problems/map.json" in response.url, timeout=20_000) as points:
        page.goto(f"{tiled_server.url}/en/problems/map/")
    assert len(points.value.json()["points"]) >= 10  # the points the map draws
    page.wait_for_selector("#problems-map canvas", timeout=20_000)
    page.wait_for_function("document.querySelector('.maplibregl-ctrl-attrib') !== null")
    page.wait_for_timeout(2000)  # the tiles and the points load
    # The attribution setting is shown as text, never as markup.
    assert "Test tiles <b>not bold</b>" in (page.locator(".maplibregl-ctrl-attrib").text_content() or "")
    assert errors == []  # no CSP violation from MapLibre
    foreign = {
        url for url in requested if not url.startswith((tiled_server.url + "/", tile_server + "/", "data:", "blob:"))
    }
    assert foreign == set()
    assert any(url.startswith(tile_server + "/") for url in requested)
    context.close()

    # Without JavaScript the tile map stays hidden and the drawn overview and table are the map.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{tiled_server.url}/en/problems/map/")
    assert not page.locator("#problems-map").is_visible()
    assert page.locator(".map svg").is_visible() and page.locator(".map-table tbody tr").count() >= 20
    context.close()
