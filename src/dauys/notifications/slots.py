"""Personal slots of the notifications app (see dauys.pages.slots)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext

from dauys.accounts import sessions
from dauys.notifications.services import UNREAD_SQL, unread_count
from dauys.pages.slots import slot

# Every signed-in page shows the count: it is read with the reader's session (accounts.sessions).
sessions.want_always("unread", UNREAD_SQL.format("s.user_id"))


@slot("unread")
def unread(request: HttpRequest, arg: str) -> str:
    """The reader's count of unread notifications, as a badge beside the menu item (nothing when zero)."""
    found, count = sessions.wanted(request.user, "unread")
    if not found:
        count = unread_count(int(request.user.pk or 0))
    if not count:
        return ""
    return format_html(
        ' <span class="count">{}<span class="visually-hidden"> {}</span></span>', count, gettext("unread")
    )
