"""Explainable spam signals: each rule has a name a moderator can read and a number of points.

A comment whose signals add up to ``HOLD_AT`` points, or the first comment of a new account when the operator turns
pre-moderation on (``DAUYS_PREMODERATE_NEW_ACCOUNTS``), is held for a moderator's approval instead of being
published; the moderators' queue shows which rules matched. Links to a blocked domain (``BlockedDomain``) are
refused outright with a message.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dauys.core import markdown
from dauys.discussions.models import BlockedDomain, Comment

HOLD_AT = 3
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"'\]]+", re.IGNORECASE)
NEW_ACCOUNT = timedelta(days=1)
REPEATED_WITHIN = timedelta(days=1)
PREMODERATION_AGE = timedelta(days=7)


@dataclass(frozen=True)
class Rule:
    code: str
    points: int
    label: Promise


RULES = {
    rule.code: rule
    for rule in (
        Rule("many_links", 2, gettext_lazy("three or more links")),
        Rule("mostly_link", 2, gettext_lazy("little but a link")),
        Rule("shouting", 1, gettext_lazy("mostly capital letters")),
        Rule("repeated", 3, gettext_lazy("the same text by the same writer elsewhere in the last day")),
        Rule("new_account", 1, gettext_lazy("an account less than a day old")),
        Rule("first_comment", HOLD_AT, gettext_lazy("the first comment of a new account (pre-moderation is on)")),
    )
}


HREF = re.compile(r'href="([^"]*)"')


def hosts(body: str, rendered: str | None = None) -> set[str]:
    """The hosts of every link: written as text, and as the rendered Markdown links them (entities decoded).
    ``rendered``: the body's HTML when the caller has it already."""
    if rendered is None:
        rendered = markdown.render_comment(body)
    urls = list(URL.findall(body)) + [html.unescape(href) for href in HREF.findall(rendered)]
    found = set()
    for url in urls:
        url = url.strip()
        try:
            host = urlsplit(url if "//" in url else "http://" + url).hostname or ""
        except ValueError:  # e.g. "http://[x": not a link a browser would follow
            continue
        if host:
            found.add(host.lower().removeprefix("www."))
    return found


def check_links(body: str, rendered: str | None = None) -> None:
    """Refuse links to a blocked domain or any of its subdomains (``rendered``: the body's HTML, if known)."""
    names = hosts(body, rendered)
    if not names:
        return
    candidates = {name.split(".", i)[-1] for name in names for i in range(name.count(".") + 1)}
    blocked = sorted(BlockedDomain.objects.filter(domain__in=candidates).values_list("domain", flat=True))
    if blocked:
        raise ValidationError(
            {"body": _("Links to %(domains)s are not allowed here.") % {"domains": ", ".join(blocked)}}
        )


def signals(
    *, body: str, author: Any = None, repeated_elsewhere: bool = False, rendered: str | None = None
) -> list[str]:
    """The codes of the rules this comment matches (empty for an ordinary comment).

    ``repeated_elsewhere``: the same writer wrote the same text in another discussion within
    ``REPEATED_WITHIN`` (the caller looks that up together with double submissions). ``rendered``: the body's
    HTML, if known (rendering it again cost as much as all the rules)."""
    found = []
    links = URL.findall(body) or sorted(hosts(body, rendered))
    if len(links) >= 3:
        found.append("many_links")
    if links and len(URL.sub("", body).strip()) < 15:
        found.append("mostly_link")
    letters = [c for c in body if c.isalpha()]
    if len(letters) >= 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        found.append("shouting")
    if repeated_elsewhere:
        found.append("repeated")
    if author is not None:
        age = timezone.now() - author.date_joined
        if age < NEW_ACCOUNT:
            found.append("new_account")
        if (
            settings.PREMODERATE_NEW_ACCOUNTS
            and age < PREMODERATION_AGE
            and not Comment.objects.filter(author=author, status=Comment.Status.PUBLISHED).exists()
        ):
            found.append("first_comment")
    return found


def held(codes: list[str]) -> bool:
    return sum(RULES[code].points for code in codes if code in RULES) >= HOLD_AT


def explain(codes: list[str]) -> list[str]:
    return [f"{RULES[c].label} (+{RULES[c].points})" for c in codes if c in RULES]
