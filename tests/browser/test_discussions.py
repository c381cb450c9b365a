"""A guest comments with JavaScript off: the form, the e-mail link, the published comment, no address shown."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Server
from tests.browser.test_journeys import latest_mail

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def answer_the_question(page) -> None:  # type: ignore[no-untyped-def]
    """What a guest without JavaScript does: read the sum in words and type the answer."""
    label = page.locator("label[for=id_answer]").inner_text()
    match = re.search(r"What is (\w+) plus (\w+)\?", label)
    assert match, label
    page.locator("#id_answer").fill(str(WORDS[match.group(1)] + WORDS[match.group(2)]))


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
    answer_the_question(page)
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
    answer_the_question(page)
    page.get_by_role("button", name="Post the comment").click()
    expect(page.locator("article.comment", has_text="And a second one, at once.")).to_be_visible()
    # Another visitor never sees the address.
    other = browser.new_context(java_script_enabled=False).new_page()
    other.goto(f"{server.url}/en/problems/1/")
    assert "Guest_in_Chromium" in other.content() and "guest.chromium@example.org" not in other.content()
    other.context.close()
    context.close()


def test_with_javascript_the_browser_does_the_proof_of_work(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/en/discussions/problem/2/")
    # The script finds the number and hides the question; no request leaves for anywhere.
    expect(page.locator("#id_answer")).to_be_hidden(timeout=30_000)
    assert page.locator("input[name=solution]").input_value().isdigit()
    page.get_by_role("textbox", name="Name", exact=True).fill("Script_Guest")
    page.get_by_role("textbox", name="E-mail (will not be published)").fill("script.guest@example.org")
    page.get_by_role("textbox", name="Comment", exact=True).fill("Proof of work done by the browser.")
    page.get_by_role("button", name="Post the comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert "To: script.guest@example.org" in latest_mail(server.outbox, "script.guest@example.org")
    context.close()
