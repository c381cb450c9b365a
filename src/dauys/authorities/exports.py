"""The authorities in the public export (``ledger.export``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest

from dauys.authorities.api import authority_out
from dauys.authorities.models import Authority
from dauys.ledger.export import SECTIONS, chunks


def authorities(request: HttpRequest) -> Iterator[dict[str, Any]]:
    active = Authority.objects.filter(is_active=True).select_related("place", "parent", "response_rule")
    return (authority_out(request, a) for a in chunks(active))


SECTIONS.add("authorities", authorities)
