"""Per-response values of discussion pages (see dauys.pages.slots): a guest's challenge, new for every response."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.html import escape

from dauys.discussions import challenge
from dauys.pages import slots
from dauys.pages.slots import slot


@slot("challenge")
def challenge_value(request: HttpRequest, arg: str) -> str:
    """One part of this response's challenge (issued once per response, so its parts belong together)."""
    if arg not in challenge.PER_RESPONSE:
        raise KeyError(f"a challenge has no {arg!r}")
    issued = slots.per_response(request, "challenge", challenge.issue)
    return escape(str(getattr(issued, arg)))
