"""The places in the public export (``ledger.export``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest

from dauys.ledger.export import SECTIONS, chunks
from dauys.places.api import place_out
from dauys.places.models import Place


def places(request: HttpRequest) -> Iterator[dict[str, Any]]:
    return (place_out(p) for p in chunks(Place.objects.select_related("parent")))


SECTIONS.add("places", places)
