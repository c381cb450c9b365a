"""The directory's part of ``dauys init`` (``core.commands``): the bodies of the vertical."""

from __future__ import annotations

from dauys.core.commands import init_step


@init_step
def authorities() -> str:
    from dauys.authorities.services import authorities_seed

    return f"{authorities_seed()} authorities added"
