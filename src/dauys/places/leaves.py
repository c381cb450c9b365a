"""Which events of the places become leaves of the public log (``ledger.leaves``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from dauys.ledger.leaves import api_url, label, leaf
from dauys.places.events import PlaceChanged
from dauys.places.models import Place


def place_subject(place_id: int) -> tuple[str, dict[str, Any]]:
    p = Place.objects.select_related("parent").get(pk=place_id)
    content = {
        "slug": p.slug,
        "code": p.code,
        "kind": p.kind,
        "name": {"kk": p.name_kk, "ru": p.name_ru, "en": p.name_en},
        "parent": p.parent.slug if p.parent_id else None,  # type: ignore[union-attr]
    }
    return api_url(f"places/{p.slug}"), content


leaf(PlaceChanged, lambda event: place_subject(event.place_id), "created", "fields")

# What the record pages call each kind of leaf.
label("place.changed", gettext_lazy("changed by the operators"))
