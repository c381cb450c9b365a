"""What the read path knows about one request, in one typed object: ``of(request)``.

Views say what their page is (``cache.private_page``, ``owned_by``, ``tag_page``), the middleware say how it is
being rendered, and the slots keep what they draw once per response (the CSRF token, a guest's challenge). All of
it lives here instead of in loose attributes of the request.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

ATTRIBUTE = "dauys_page"


class Render(enum.Enum):
    FULL = "full"  # a response for this reader alone
    ANONYMOUS_COPY = "anonymous"  # the copy every visitor without an account gets: per-visitor values are markers
    MEMBERS_COPY = "members"  # the copy signed-in readers get: their personal slots are markers too


@dataclass
class PageState:
    render: Render = Render.FULL
    host: str | None = None  # the request's host once checked ("" for one not allowed)
    private: bool = False  # never stored (``private_page``)
    owners: tuple[int, ...] = ()  # accounts this page shows something nobody else sees (``owned_by``)
    tags: tuple[str, ...] = ()  # the objects it shows (``tag_page``), refreshed by the events that name them
    lists: bool = True  # it also shows lists, counts or summaries (``freshness.LISTS``)
    member_key: str | None = None  # where the members' copy being rendered will be stored
    member_generation: int = 0  # the generation it was rendered under
    csrf_token: str | None = None  # masked once per response
    per_response: dict[str, Any] = field(default_factory=dict)  # what slots draw once per response

    @property
    def copy(self) -> bool:
        """Rendered to be stored: what differs per response is written as markers."""
        return self.render is not Render.FULL


def of(request: HttpRequest | None) -> PageState:
    """The request's state (a new, empty one for a request that has none yet; a throwaway one for None)."""
    if request is None:
        return PageState()
    state = request.__dict__.get(ATTRIBUTE)
    if state is None:
        state = PageState()
        request.__dict__[ATTRIBUTE] = state
    return state
