"""Personal slots of the notifications app (see dauys.pages.slots)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from dauys.notifications import follows
from dauys.notifications.models import Follow, Notification
from dauys.pages import slots
from dauys.pages.slots import count, exists, slot


# Every signed-in page shows the count: it is read with every reader's session (``always``).
@slot("unread", reads={"count": count(Notification, read_at=None)}, always=True)
def unread(request: HttpRequest, arg: str) -> str:
    """The reader's count of unread notifications, as a badge beside the menu item (nothing when zero)."""
    unread = slots.values(request, "unread", arg)["count"]
    if not unread:
        return ""
    return format_html(
        ' <span class="count">{}<span class="visually-hidden"> {}</span></span>', unread, gettext("unread")
    )


@slot("follow", reads={"following": exists(Follow, about="target", key="{}")})
def follow(request: HttpRequest, arg: str) -> str:
    """The follow button of any followable object, by its key (``{% personal "follow" "place:astana" %}``), as this
    reader stands (read with the session, or one query). It posts to ``notifications:follow`` and comes back here."""
    kind, _, ref = arg.partition(":")
    if kind not in follows.kinds or not ref:
        raise ValueError(f"cannot follow {arg!r}")
    context = {
        "action": reverse("notifications:follow", args=[kind, ref]),
        "following": bool(slots.values(request, "follow", arg)["following"]),
        "back": request.get_full_path(),
        "csrf_token": slots.csrf_token(request),
    }
    return render_to_string("notifications/_follow_button.html", context)
