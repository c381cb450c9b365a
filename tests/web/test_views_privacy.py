"""An e-mail address is never rendered to anyone but its owner: crawl every page others can reach."""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.test import Client

from dauys.authorities.models import Authority, Representative

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/admin/", "/media/")


def crawl(client: Client, starts: list[str], limit: int = 3000) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < limit:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or url.startswith("//") or any(s in url for s in SKIP):
            continue
        response = client.get(url)
        body = (
            response.content.decode(errors="replace")
            if response.get("Content-Type", "").startswith(("text/", "application/json"))
            else ""
        )
        seen[url] = body
        if response.status_code in (301, 302):
            queue.append(response.headers["Location"])
        for link in HREF.findall(body):
            if link not in seen:
                queue.append(link)
    return seen


def test_no_page_shows_anyones_email_but_to_its_owner(make_user) -> None:  # type: ignore[no-untyped-def]
    owner = make_user("Secretive", email="secret.person@private-mail.kz")
    Representative.objects.create(
        user=owner, authority=Authority.objects.get(slug="akimat-astana"), position="Reception", verified=True
    )
    other = make_user("Curious", email="curious@example.org")
    starts = [f"/{lang}/" for lang in ("kk", "ru", "en")] + [f"/en/people/{owner.username}/"]

    anonymous = crawl(Client(), starts)
    signed_in = Client()
    signed_in.force_login(other)
    as_other = crawl(signed_in, [*starts, "/en/accounts/me/"])

    assert len(anonymous) > 200, "the crawl reached too few pages to prove anything"
    assert any("Secretive" in body for body in anonymous.values()), "the owner's public trace was not crawled"
    for pages in (anonymous, as_other):
        leaks = [url for url, body in pages.items() if "secret.person" in body or "private-mail.kz" in body]
        assert leaks == []

    # The owner does see it, on their own account page.
    own = Client()
    own.force_login(owner)
    assert "secret.person@private-mail.kz" in own.get("/en/accounts/me/").content.decode()
