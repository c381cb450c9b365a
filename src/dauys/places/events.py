from __future__ import annotations

import dataclasses

from dauys.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlaceChanged(Event):
    name = "place.changed"
    place_id: int
    code: str
    created: bool
    fields: list[str]
