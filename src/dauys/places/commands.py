"""The places' part of ``dauys init`` (``core.commands``): the country's regions, cities and districts."""

from __future__ import annotations

from dauys.core.commands import init_step


@init_step
def places() -> str:
    from dauys.places.services import places_seed

    return f"{places_seed()} places added"
