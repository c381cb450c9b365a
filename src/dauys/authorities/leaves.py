"""Which events of the directory become leaves of the public log (``ledger.leaves``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from dauys.authorities.events import AuthorityChanged, RepresentativeVerified
from dauys.authorities.models import Authority
from dauys.ledger.leaves import api_url, label, leaf, not_a_leaf


def authority_content(authority_id: int) -> dict[str, Any]:
    """What the public sees of an authority, including where appeals to it are sent."""
    a = Authority.objects.select_related("place", "parent", "response_rule").get(pk=authority_id)
    return {
        "slug": a.slug,
        "kind": a.kind,
        "name": {"kk": a.name_kk, "ru": a.name_ru, "en": a.name_en},
        "place": a.place.slug if a.place_id else None,  # type: ignore[union-attr]
        "parent": a.parent.slug if a.parent_id else None,  # type: ignore[union-attr]
        "email": a.email,
        "website": a.website,
        "portal_url": a.portal_url,
        "address": a.address,
        "accepts_complaints": a.accepts_complaints,
        "is_active": a.is_active,
        "response_rule": a.response_rule.slug,
    }


def _authority(event: AuthorityChanged) -> tuple[str, dict[str, Any]]:
    return api_url(f"authorities/{event.slug}"), authority_content(event.authority_id)


leaf(AuthorityChanged, _authority, "slug", "created", "fields")
# Not logged so far: a representative's verification is shown on the body's page, and the answers they post are
# leaves of their own. Logging it would be a new kind of leaf (the log's format is a public contract).
not_a_leaf(RepresentativeVerified)

# What the record pages call each kind of leaf.
label("authority.changed", gettext_lazy("changed by the operators"))
