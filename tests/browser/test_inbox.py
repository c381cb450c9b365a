"""A body's verified representative at work, on a phone, in a real browser against the production server: the
notification of an appeal, the inbox, an answer with a PDF, an extension, a redirection."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from playwright.sync_api import expect

from tests.browser.conftest import Server
from tests.problems.services.test_scans import pdf_with

# What the demo gave a representative to work on: the body, and two appeals awaiting its answer.
SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from dauys.authorities.models import Authority, Representative
from dauys.problems.models import Appeal
reps = Representative.objects.filter(verified=True, user__username__startswith="demo")
rep = reps.select_related("user", "authority").order_by("pk").first()
waiting = list(Appeal.objects.filter(authority=rep.authority, status="sent").order_by("pk"))
akimats = Authority.objects.filter(kind="akimat", is_active=True)
competent = akimats.exclude(pk=rep.authority_id).order_by("slug").first()
extend, answer, redirect = waiting[0], waiting[1], waiting[-1]
print(json.dumps({
    "email": rep.user.email, "body": rep.authority.slug, "body_name": rep.authority.name_en,
    "answer": answer.pk, "extend": extend.pk, "until": (extend.deadline + timedelta(days=7)).isoformat(),
    "redirect": redirect.pk, "competent": competent.slug, "competent_name": competent.name_en,
    "title": answer.problem.title, "today": timezone.localdate().isoformat(),
}))
"""


def demo_facts(server: Server) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DATABASE_URL", "REDIS_URL"}}
    env.update(
        DAUYS_DATA_DIR=str(server.data_dir), DAUYS_EMAIL_URL=f"file://{server.outbox}", DAUYS_BASE_URL=server.url
    )
    out = subprocess.run(
        [sys.executable, "-m", "dauys", "manage", "shell", "-c", SETUP],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_a_representative_answers_extends_and_redirects(browser, server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    facts = demo_facts(server)
    assert facts["answer"] != facts["extend"] != facts["redirect"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server.url}/en/accounts/login/")
    page.fill("#id_login", facts["email"])
    page.fill("#id_password", "dauys-demo-2026")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.locator("main")).to_contain_text("You answer for")

    # The notification of the appeal leads to it, in the inbox.
    page.goto(f"{server.url}/en/notifications/")
    note = page.locator(f"a[href='/en/inbox/appeals/{facts['answer']}/']").first
    expect(note).to_be_visible()
    note.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(facts["title"])
    expect(page.locator("main")).to_contain_text("What your body does")

    # Answer, with the signed PDF of the reply.
    page.get_by_role("link", name="Answer", exact=True).click()
    page.get_by_label("Substantive answer").check()
    page.get_by_label("Text of the answer").fill("The street lights were repaired on the whole street.")
    letter = tmp_path / "reply.pdf"
    letter.write_bytes(pdf_with())
    page.get_by_label("Scan of the answer").set_input_files(str(letter))
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator("main")).to_contain_text("The answer is published on the appeal's page")
    expect(page.locator("main")).to_contain_text("PDF document, 1 page")

    # The inbox, soonest deadline first: record an extension of another appeal, with the decision.
    page.goto(f"{server.url}/en/inbox/")
    expect(page).to_have_url(f"{server.url}/en/inbox/{facts['body']}/")
    page.locator(f"a[href='/en/inbox/appeals/{facts['extend']}/']").click()
    page.get_by_text("Record an extension of the term").click()
    page.get_by_role("button", name="Record the extension").click()  # nothing given: told what is missing
    expect(page.locator(".error-summary")).to_contain_text("Give the new deadline.")
    page.get_by_label("New deadline").fill(facts["until"])
    page.get_by_label("Reason given").fill("An inspection of the network is needed.")
    page.get_by_label("Date of the decision to extend").fill(facts["today"])
    page.get_by_role("button", name="Record the extension").click()
    expect(page.locator("main")).to_contain_text("The extension is recorded")
    expect(page.locator("main")).to_contain_text("(extended)")

    # Redirect a third appeal to the competent body.
    page.goto(f"{server.url}/en/inbox/appeals/{facts['redirect']}/")
    page.get_by_role("link", name="Redirect to the competent body").click()
    page.get_by_label("The competent authority").select_option(facts["competent"])
    page.get_by_label("Note to the applicant").fill("Street lighting is the city's responsibility.")
    page.get_by_role("button", name="Redirect").click()
    expect(page.locator("main")).to_contain_text(f"The appeal went on to {facts['competent_name']}")
    expect(page.locator("main")).to_contain_text("Redirected to another body")
    context.close()
