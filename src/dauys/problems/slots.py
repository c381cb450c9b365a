"""Personal slots of public control (see dauys.pages.slots): what the reader does about a problem, place or body."""

from __future__ import annotations

import functools
import secrets

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dauys.authorities.models import Representative
from dauys.notifications.models import Follow
from dauys.pages import slots
from dauys.pages.slots import exists, slot
from dauys.problems.models import OPEN_STATUSES, Appeal, Support


@slot(
    "problem_actions",
    reads={"supports": exists(Support, about="problem"), "follows": exists(Follow, about="target", key="problem:{}")},
)
def problem_actions(request: HttpRequest, arg: str) -> str:
    """Support and follow buttons of an open problem, as this reader stands (read with the session, or one query)."""
    stance = slots.values(request, "problem_actions", arg)
    html = _actions(get_language(), int(arg), stance["supports"], stance["follows"])
    return html.replace(slots.CSRF_MARK, slots.csrf_token(request))


@functools.lru_cache(maxsize=8192)
def _actions(language: str, problem_id: int, supports: bool, follows: bool) -> str:
    """The two forms, rendered once per language, problem and stance, with the CSRF token left as a marker."""
    context = {"problem_id": problem_id, "csrf_token": slots.CSRF_MARK, "supports": supports, "follows": follows}
    return render_to_string("problems/_problem_actions.html", context)


@slot("submission_key")
def submission_key(request: HttpRequest, arg: str) -> str:
    """A fresh key for the filing form, so that a double submission files one problem (services.problem_file): the
    only part of the form that differs between readers, so the rest is a shared copy (pages.cache)."""
    return f'<input type="hidden" name="submission_key" value="{secrets.token_urlsafe(16)}">'


@slot("appeal_tools")
def appeal_tools(request: HttpRequest, arg: str) -> str:
    """On an appeal of a public page, a link to it in the body's inbox, for the body's verified representatives
    only. The argument is ``<appeal>:<body>:<status>``, as the page shows them (``problems/_appeal.html``; a stored
    copy is dropped by the appeal's events, as its status changes), so what the slot must read is only which bodies
    the reader speaks for: once per response, however many appeals the page shows (one query, for those who
    represent some body; none for anyone else)."""
    if not slots.values(request, "representative", "")["verified"]:
        return ""
    pk, _sep, rest = arg.partition(":")
    body, _sep, status = rest.partition(":")
    if not (pk.isdigit() and body.isdigit()) or int(body) not in _bodies_of_reader(request):
        return ""
    if status == Appeal.Status.QUEUED:  # not sent yet: not in the body's inbox
        return ""
    label = _("Answer in your inbox") if status in OPEN_STATUSES else _("Open in your inbox")
    return format_html(
        '<p class="actions-row"><a class="button small" href="{}">{}</a></p>',
        reverse("problems:inbox_appeal", args=[pk]),
        label,
    )


def _bodies_of_reader(request: HttpRequest) -> frozenset[int]:
    """The ids of the bodies the reader is a verified representative of, read once per response."""
    return slots.per_response(
        request,
        "appeal_tools:bodies",
        lambda: frozenset(
            Representative.objects.filter(user_id=request.user.pk or 0, verified=True).values_list(
                "authority_id", flat=True
            )
        ),
    )
