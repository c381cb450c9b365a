"""Small pieces of HTTP that every app's views need the same way."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def back_to(request: HttpRequest, wanted: str | None, default: str) -> HttpResponseRedirect:
    """A redirect to ``wanted`` (a form's "next") if it is a path on this site, else to ``default``.

    Never ``django.shortcuts.redirect(wanted)``: it takes text that is not a URL for a view's name, and a visitor's
    "next=anything" became a 500."""
    wanted = wanted or ""
    on_this_site = wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(wanted if on_this_site else default)
