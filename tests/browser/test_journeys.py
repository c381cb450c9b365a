"""What people do, in a real browser against the production server."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import PAGES, Server


def latest_mail(outbox: Path, to: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
            text = path.read_text()
            if f"To: {to}" in text:
                return text
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {to} in {outbox}")


def test_sign_up_confirm_log_in_switch_language_log_out(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server.url}/en/")
    page.locator(".menu > summary").click()  # a phone: the account's links are in the header's menu
    page.locator(".main-nav").get_by_role("link", name="Sign up").click()
    page.get_by_label("Public name").fill("Browser_Tester")
    page.get_by_label("Email").fill("tester@example.org")
    page.locator("#id_password1").fill("a long passphrase 42")
    page.locator("#id_password2").fill("a long passphrase 42")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    mail = latest_mail(server.outbox, "tester@example.org")
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail)
    assert link, mail
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()

    page.goto(f"{server.url}/en/accounts/login/")
    page.get_by_label("Email").fill("tester@example.org")
    page.get_by_label("Password").fill("a long passphrase 42")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.locator("main")).to_contain_text("Browser_Tester")

    # On a phone the header is one row: the brand, "Report a problem" and the menu, which holds the rest.
    header = page.locator(".header-row").bounding_box()
    assert header is not None and header["height"] < 80
    expect(page.get_by_role("link", name="Report a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Русский")).to_be_hidden()
    page.locator(".menu > summary").click()
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(f"{server.url}/ru/accounts/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Личный кабинет")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.locator(".menu > summary").click()
    page.get_by_role("button", name="Выйти").click()
    page.locator(".menu > summary").click()
    expect(page.get_by_role("link", name="Войти")).to_be_visible()
    context.close()


def test_every_page_works_without_javascript(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for lang in ("kk", "ru", "en"):
        for path in PAGES:
            response = page.goto(f"{server.url}/{lang}{path}")
            assert response is not None and response.status == 200, (lang, path)
            expect(page.locator("h1")).to_be_visible()
    # Forms work without JavaScript too: filter the authorities, then log in.
    page.goto(f"{server.url}/en/authorities/")
    page.get_by_label("Kind").select_option("ministry")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"kind=ministry"))
    expect(page.locator("main")).to_contain_text("Ministry of Health")
    page.goto(f"{server.url}/en/accounts/login/")
    page.get_by_label("Email").fill("demo1@demo.dauys.invalid")
    page.get_by_label("Password").fill("dauys-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    context.close()


def test_no_page_requests_another_origin(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for lang in ("kk", "ru", "en"):
        for path in [*PAGES, "/no-such-page/"]:
            page.goto(f"{server.url}/{lang}{path}")
            page.wait_for_load_state("networkidle")
    assert len(requested) > len(PAGES) * 3
    foreign = sorted({url for url in requested if not url.startswith(server.url + "/") and not url.startswith("data:")})
    assert foreign == []
    context.close()


def test_no_csp_violation_on_any_page(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    for lang in ("kk", "en"):
        for path in PAGES:
            page.goto(f"{server.url}/{lang}{path}")
            page.wait_for_load_state("networkidle")
    assert problems == []
    context.close()


def test_server_log_holds_no_client_address(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server.url}/en/places/?q=secret-query")
    page.close()
    log = (server.data_dir / "server.log").read_text()
    assert '"GET /en/places/ HTTP/1.1" 200' in log  # the access log is there, and it is ours
    assert "127.0.0.1" not in log.replace(server.url, "")
    assert "secret-query" not in log
