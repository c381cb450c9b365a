"""Filing a problem where first, on a phone, as citizens do: a pin, "use my location", a town found without
JavaScript; then the case is on "my cases"."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Server

ASTANA_YESIL = {"latitude": 51.1282, "longitude": 71.4304}


def signed_in(browser, server: Server, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
    page = context.new_page()
    page.goto(f"{server.url}/en/accounts/login/")
    page.locator("#id_login").fill("demo3@demo.dauys.invalid")
    page.locator("#id_password").fill("dauys-demo-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return context, page


def describe(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#id_category").select_option("roads")
    page.locator("#id_title").fill(title)
    page.locator("#id_body").fill("The asphalt broke up after the winter; cars swerve into the oncoming lane.")
    page.locator("main form[method=post] button[type=submit]").click()


def test_file_with_a_pin_on_the_map_in_kazakh(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context, page = signed_in(browser, server)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{server.url}/kk/problems/new/")
    box = page.locator("#pin-map")
    expect(box).to_be_visible(timeout=20_000)  # MapLibre drew the map (software WebGL)
    page.wait_for_function("document.querySelector('#pin-map canvas') !== null")
    page.wait_for_timeout(1500)  # the outlines load
    # The middle of the map of Kazakhstan: somewhere in the steppe of the centre.
    page.locator("#pin-map canvas").click(position={"x": 180, "y": 170})
    expect(page.locator("#pin-status")).to_contain_text("Белгі орны:", timeout=10_000)
    assert page.locator("#id_place").input_value() != ""
    assert page.locator("#id_latitude").input_value() != ""
    describe(page, "Жол бұзылған, көлік қарсы жолаққа шығады")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Жол бұзылған")
    assert errors == []  # no CSP violation, no script error
    context.close()


def test_file_with_my_location_in_russian_and_find_it_in_my_cases(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context, page = signed_in(browser, server, geolocation=ASTANA_YESIL, permissions=["geolocation"])
    page.goto(f"{server.url}/ru/problems/new/")
    expect(page.locator("#use-location")).to_be_visible(timeout=20_000)
    page.locator("#use-location").click()
    expect(page.locator("#pin-status")).to_contain_text("район Есиль, Астана", timeout=10_000)
    assert page.locator("#id_place").input_value() == "astana-yesil"
    assert page.locator("#id_latitude").input_value() == "51.128200"
    describe(page, "Яма у перекрёстка на проспекте")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Яма у перекрёстка")

    page.goto(f"{server.url}/ru/problems/mine/")
    drafts = page.locator("#cases-draft + .case-list")
    expect(drafts).to_contain_text("Яма у перекрёстка на проспекте")
    expect(drafts).to_contain_text("Не опубликована")
    context.close()


def test_file_without_javascript_through_the_town_search(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context, page = signed_in(browser, server, java_script_enabled=False)
    page.goto(f"{server.url}/kk/problems/new/")
    expect(page.locator("#pin-map")).to_be_hidden()
    page.locator("#find").fill("Qaraghandy")
    page.locator("form[role=search] button[type=submit]").click()
    page.locator(".settlements a", has_text="Қарағанды").first.click()
    expect(page.locator("#point-status")).to_contain_text("Белгі орны:")
    assert page.locator("#id_place").input_value() != ""
    describe(page, "Қарағандыдағы жол шұңқыры")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Қарағандыдағы жол шұңқыры")
    context.close()


def test_withdrawing_asks_first_and_says_what_follows_in_russian(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context, page = signed_in(browser, server, java_script_enabled=False)
    page.goto(f"{server.url}/ru/problems/new/?lat=51.1282&lon=71.4304")
    describe(page, "Сломанная скамейка во дворе")
    page.get_by_role("button", name="Опубликовать с моим именем").click()
    page.get_by_role("link", name="Сломанная скамейка во дворе").click()  # from the appeal form, back to the problem
    page.get_by_role("link", name="Отозвать").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Отозвать проблему?")
    expect(page.locator("main")).to_contain_text("Отзыв окончателен")
    page.get_by_role("link", name="Нет, вернуться").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Сломанная скамейка во дворе")
    page.get_by_role("link", name="Отозвать").click()
    page.get_by_role("button", name="Да, отозвать").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Сломанная скамейка во дворе")
    expect(page.locator("main")).to_contain_text("отозвана")
    context.close()


def test_record_an_answer_in_russian_with_the_fields_of_its_kind(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context, page = signed_in(browser, server)
    page.goto(f"{server.url}/ru/problems/new/?lat=51.1282&lon=71.4304")
    describe(page, "Нет освещения в подземном переходе")
    page.get_by_role("button", name="Опубликовать с моим именем").click()
    page.locator("#id_channel_0").check()  # through eOtinish
    page.locator("#id_registration_number").fill("ЖТ-2026-000777")
    page.locator("#id_registered_on").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Внести ответ").first.click()
    promise = page.locator("fieldset.if-promise")
    expect(promise).to_be_hidden()  # only the fields of the kind chosen (CSS :has, no script)
    page.get_by_label("обещание", exact=True).check()
    expect(promise).to_be_visible()
    expect(page.locator("fieldset.if-refusal")).to_be_hidden()
    page.locator("#id_text").fill("Освещение восстановим до конца месяца.")
    page.locator("#id_promise_due_on").fill("2099-12-31")
    page.get_by_role("button", name="Внести ответ").click()
    expect(page.locator("main")).to_contain_text("Освещение восстановим до конца месяца.")
    expect(page.locator("main")).to_contain_text("через eOtinish (eGov)")
    context.close()
