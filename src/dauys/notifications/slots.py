"""Personal slots of the notifications app (see dauys.web.slots)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext

from dauys.notifications.services import unread_count
from dauys.web.slots import slot


@slot("unread")
def unread(request: HttpRequest, arg: str) -> str:
    """The reader's count of unread notifications, as a badge beside the menu item (nothing when zero)."""
    count = unread_count(int(request.user.pk or 0), user=request.user)
    if not count:
        return ""
    return format_html(
        ' <span class="count">{}<span class="visually-hidden"> {}</span></span>', count, gettext("unread")
    )
