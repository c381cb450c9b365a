"""The text of each kind of notification, translated when it is shown or sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from dauys.core import dates
from dauys.core.i18n import localize

MESSAGES: dict[str, Any] = {
    "appeal.deadline_soon": _("The deadline for the answer of %(authority)s to “%(title)s” is %(deadline)s."),
    "appeal.overdue": _(
        "%(authority)s did not answer “%(title)s” by %(deadline)s: under the law this is a refusal. "
        "You can complain to the higher body."
    ),
    "appeal.escalated": _("The appeal about “%(title)s” was escalated to %(authority)s."),
    "answer.recorded": _("%(authority)s answered “%(title)s”."),
    "promise.broken": _("%(authority)s promised to act on “%(title)s” by %(due)s and did not."),
    "problem.fixed_question": _("Is “%(title)s” fixed? Tell us with one click."),
    "problem.status": _("“%(title)s” is now %(status)s."),
    "problem.new_in_followed": _("New problem “%(title)s” in %(where)s."),
    "comment.posted": _("%(who)s commented on “%(title)s”."),
    "comment.reply": _("%(who)s replied to your comment."),
}


# Kinds that need the reader's action soon: shown first, and apart from comments (notifications' page).
URGENT = {"appeal.deadline_soon", "appeal.overdue", "promise.broken"}


def message(kind: str, template: Any, *, urgent: bool = False) -> None:
    """Declare the text of a kind of notification (a lazily translated text with ``%(name)s`` parameters), from
    the app that sends it (in a module ``core.seams`` imports: its ``subscribers``)."""
    known = MESSAGES.get(kind)
    if known is not None and known is not template:
        raise ValueError(f"the notification kind {kind!r} has a text already")
    MESSAGES[kind] = template
    if urgent:
        URGENT.add(kind)


DATES = frozenset({"deadline", "due"})  # parameters stored as ISO dates, written as the language writes dates


def _shown(key: str, value: object) -> object:
    if key in DATES and isinstance(value, str):
        try:
            return dates.day(date.fromisoformat(value))
        except ValueError:
            return value
    return localize(value)


def text(kind: str, params: dict[str, Any]) -> str:
    template = MESSAGES.get(kind)
    if template is None:
        return kind
    try:
        return str(template) % {key: _shown(key, value) for key, value in params.items()}
    except (KeyError, TypeError, ValueError):
        return str(template)
