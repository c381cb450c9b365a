"""Writes on authorities."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dauys.accounts.models import User, public_id
from dauys.authorities.events import AuthorityChanged, RepresentativeVerified
from dauys.authorities.models import Authority, Representative, ResponseRule
from dauys.core.events import emit
from dauys.places.models import Place

DATA = Path(__file__).resolve().parent / "data" / "authorities.json"

APPK_BASIS = (
    "Administrative Procedural and Process Code of the Republic of Kazakhstan of 29 June 2020 No. 350-VI: "
    "Art. 76(1) term of 15 working days; Art. 76(2) extension to at most two months; Art. 65(1) redirection "
    "within 3 working days; Art. 91(2) no decision by the deadline is a refusal; Art. 92(1) complaint within "
    "3 months."
)


def default_rule() -> ResponseRule:
    rule, _ = ResponseRule.objects.get_or_create(
        slug="appk-general",
        defaults={"title": "APPK: 15 working days (Art. 76)", "legal_basis": APPK_BASIS},
    )
    return rule


@transaction.atomic
def authorities_seed(*, path: Path = DATA) -> int:
    """Create the shipped authorities that are missing; never overwrite an operator's edits. Return how many."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    rule = default_rule()
    places = {p.code: p for p in Place.objects.all()}
    known = {a.slug: a for a in Authority.objects.all()}
    created = 0
    for row in rows:
        if row["slug"] in known:
            continue
        authority = Authority(
            slug=row["slug"],
            kind=row["kind"],
            place=places.get(row["place"]) if row.get("place") else None,
            parent=known[row["parent"]] if row.get("parent") else None,
            name_kk=row["name"]["kk"],
            name_ru=row["name"]["ru"],
            name_en=row["name"]["en"],
            website=row.get("website") or "",
            accepts_complaints=row.get("accepts_complaints", True),
            response_rule=rule,
        )
        authority.full_clean(validate_unique=False)
        authority.save()
        known[authority.slug] = authority
        created += 1
    return created


@transaction.atomic
def authority_save(*, authority: Authority, changed: list[str], actor: User | None = None) -> Authority:
    """Save an operator's edit of an authority (from the admin) and announce it (a public ledger leaf)."""
    created = authority.pk is None
    authority.full_clean()
    authority.save()
    emit(
        AuthorityChanged(
            authority_id=authority.pk,
            slug=authority.slug,
            created=created,
            fields=sorted(changed),
            actor=public_id(actor),
        )
    )
    return authority


@transaction.atomic
def representative_set_verified(*, representative: Representative, verified: bool) -> Representative:
    representative.verified = verified
    representative.verified_at = timezone.now() if verified else None
    representative.save(update_fields=["verified", "verified_at"])
    emit(
        RepresentativeVerified(
            authority_id=representative.authority_id, user_id=representative.user_id, verified=verified
        )
    )
    return representative
