"""axe-core (vendored from npm, tests/browser/vendor) finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import PAGES, Server

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']"


SIGNED_IN = ["/", "/problems/mine/", "/notifications/", "/accounts/me/", "/accounts/me/applicant/"]


@pytest.mark.parametrize("width", [390, 1280])
def test_main_pages_have_no_serious_violation(browser, server: Server, width: int) -> None:  # type: ignore[no-untyped-def]
    assert violations(browser, server, width, [*PAGES, "/no-such-page/"]) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_a_signed_in_citizens_pages_have_no_serious_violation(browser, server: Server, width: int) -> None:  # type: ignore[no-untyped-def]
    assert violations(browser, server, width, SIGNED_IN, login="demo1@demo.dauys.invalid") == []


@pytest.mark.parametrize("width", [390, 1280])
def test_a_representatives_pages_have_no_serious_violation(browser, server: Server, width: int) -> None:  # type: ignore[no-untyped-def]
    from tests.browser.test_inbox import demo_facts

    # The account page with the role, the inbox's tabs, an appeal with its actions, the answer and redirect forms.
    facts = demo_facts(server)
    inbox = f"/inbox/{facts['body']}/"
    paths = ["/accounts/me/", inbox, f"{inbox}?show=overdue", f"{inbox}?show=answered&below=1"]
    paths += [f"/inbox/appeals/{facts['extend']}/", f"/inbox/appeals/{facts['redirect']}/answer/"]
    paths += [f"/inbox/appeals/{facts['redirect']}/redirect/"]
    assert violations(browser, server, width, paths, login=facts["email"]) == []


def violations(browser, server: Server, width: int, paths: list[str], login: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    # The page's CSP forbids injected scripts, as it should; the test context bypasses it to load axe.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    if login:
        page.goto(f"{server.url}/en/accounts/login/")
        page.fill("#id_login", login)
        page.fill("#id_password", "dauys-demo-2026")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/login/" not in url)
    found: list[str] = []
    for lang in ("kk", "ru", "en"):
        for path in paths:
            page.goto(f"{server.url}/{lang}{path}")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {RULES}}})")
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    found.append(f"{lang}{path}: {violation['id']} ({violation['impact']}) {targets}")
    context.close()
    return found
