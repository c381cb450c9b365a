"""A guest comments with JavaScript off: the form, the e-mail link, the published comment, no address shown."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Server
from tests.browser.test_journeys import latest_mail


def test_guest_comment_with_javascript_off(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server.url}/en/problems/1/")
    page.get_by_role("link", name="Write a comment").click()
    # Required fields are marked and announced (the inputs are required, the asterisk is decoration).
    expect(page.get_by_role("textbox", name="Name", exact=True)).to_have_attribute("required", "")
    expect(page.get_by_role("textbox", name="E-mail (will not be published)")).to_have_attribute("required", "")
    page.get_by_role("button", name="Post the comment").click()
    expect(page.locator(".errors, .error").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Give a name to show with your comment.")

    page.get_by_role("textbox", name="Name", exact=True).fill("Guest_in_Chromium")
    page.get_by_role("textbox", name="E-mail (will not be published)").fill("guest.chromium@example.org")
    page.get_by_role("textbox", name="Comment", exact=True).fill("Seen from a *real* browser.")
    page.get_by_label("Remember my name").check()
    page.get_by_role("button", name="Post the comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    mail = latest_mail(server.outbox, "guest.chromium@example.org")
    link = re.search(r"http://\S+/en/comments/confirm/\S+/", mail)
    assert link, mail
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment is published")
    page.get_by_role("link", name="See it in the discussion").click()
    comment = page.locator("article.comment", has_text="Seen from a real browser.")
    expect(comment).to_contain_text("Guest_in_Chromium")
    expect(comment.locator("em")).to_have_text("real")
    assert "guest.chromium@example.org" not in page.content()
    # Remembered in this browser: the next comment appears at once.
    page.goto(f"{server.url}/en/discussions/problem/1/")
    email = page.get_by_role("textbox", name="E-mail (will not be published)")
    expect(email).to_have_value("guest.chromium@example.org")
    page.get_by_role("textbox", name="Comment", exact=True).fill("And a second one, at once.")
    page.get_by_role("button", name="Post the comment").click()
    expect(page.locator("article.comment", has_text="And a second one, at once.")).to_be_visible()
    # Another visitor never sees the address.
    other = browser.new_context(java_script_enabled=False).new_page()
    other.goto(f"{server.url}/en/problems/1/")
    assert "Guest_in_Chromium" in other.content() and "guest.chromium@example.org" not in other.content()
    other.context.close()
    context.close()
