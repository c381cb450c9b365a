"""Personal slots of the notifications app (see dauys.pages.slots)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext

from dauys.notifications.models import Notification
from dauys.pages import slots
from dauys.pages.slots import count, slot


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
