"""Which events of the initiatives become leaves of the public log (``ledger.leaves``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from dauys.initiatives.events import InitiativeChanged, InitiativeCreated, MembershipChanged
from dauys.initiatives.models import Initiative
from dauys.ledger.leaves import api_url, label, leaf, not_a_leaf


def initiative_content(initiative_id: int) -> dict[str, Any] | None:
    """What the public sees of an initiative (its members are not public, their number is on its page)."""
    i = Initiative.objects.filter(pk=initiative_id).prefetch_related("places", "topics").first()
    if i is None:
        return None
    return {
        "slug": i.slug,
        "name": i.name,
        "description": i.description,
        "places": sorted(p.slug for p in i.places.all()),
        "topics": sorted(t.slug for t in i.topics.all()),
        "links": list(i.links),
        "joining": i.joining,
    }


def _initiative(event: InitiativeCreated | InitiativeChanged) -> tuple[str, dict[str, Any]] | None:
    content = initiative_content(event.initiative_id)
    return None if content is None else (api_url(f"initiatives/{event.slug}"), content)


leaf(InitiativeCreated, _initiative, "slug")
leaf(InitiativeChanged, _initiative, "slug", "fields")
not_a_leaf(MembershipChanged)  # who joins is the members' business; the public log keeps no list of people

label("initiative.created", gettext_lazy("initiative started"))
label("initiative.changed", gettext_lazy("initiative edited by its coordinators"))
