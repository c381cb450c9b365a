"""Writes on places."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from dauys.accounts.models import User, public_id
from dauys.core.events import emit
from dauys.places.events import PlaceChanged
from dauys.places.models import Place

DATA = Path(__file__).resolve().parent / "data" / "places.json"


@transaction.atomic
def places_seed(*, path: Path = DATA) -> int:
    """Create the shipped places that are missing; never overwrite what an operator edited. Return how many."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    known = {p.code: p for p in Place.objects.all()}
    created = 0
    for row in rows:
        if row["code"] in known:
            continue
        parent = known[row["parent"]] if row.get("parent") else None
        lat, lon = row.get("centroid") or (None, None)
        place = Place(
            code=row["code"],
            slug=row["slug"],
            kind=row["kind"],
            parent=parent,
            iso_code=row.get("iso_code") or "",
            name_kk=row["name"]["kk"],
            name_ru=row["name"]["ru"],
            name_en=row["name"]["en"],
            latitude=lat,
            longitude=lon,
        )
        place.full_clean(validate_unique=False)
        place.save()
        known[place.code] = place
        created += 1
    return created


@transaction.atomic
def place_save(*, place: Place, changed: list[str], actor: User | None = None) -> Place:
    """Save an operator's edit of a place (from the admin) and announce it."""
    created = place.pk is None
    place.full_clean()
    place.save()
    emit(
        PlaceChanged(
            place_id=place.pk, code=place.code, created=created, fields=sorted(changed), actor=public_id(actor)
        )
    )
    return place
