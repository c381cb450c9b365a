"""Writes on authorities."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


CONTACT_COLUMNS = ("slug", "email", "source", "checked_on")
MAX_CONTACT_ROWS = 5000


@dataclass
class ContactsImport:
    """What an import of contacts did, or why it did nothing (``errors``: line number and reason)."""

    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def contacts_import(*, text: str, actor: User | None = None) -> ContactsImport:
    """Set the public e-mail addresses of bodies from a CSV file: ``slug,email,source,checked_on`` (a header line,
    then one body a line). Every line is checked first; one bad line and nothing is changed, and every bad line is
    named with its reason. Each body changed is one ``authority.changed`` event (a leaf of the public log)."""
    result = ContactsImport()
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        result.errors.append((1, _("This is not a CSV file Dauys can read (%(error)s).") % {"error": str(exc)[:200]}))
        return result
    if not rows or [c.strip().lower() for c in rows[0]][:4] != list(CONTACT_COLUMNS):
        result.errors.append((1, _("The first line must name the columns: slug,email,source,checked_on")))
        return result
    if len(rows) - 1 > MAX_CONTACT_ROWS:
        result.errors.append((1, _("At most %(n)d bodies at a time.") % {"n": MAX_CONTACT_ROWS}))
        return result
    known = Authority.objects.in_bulk([row[0].strip() for row in rows[1:] if row], field_name="slug")
    planned: list[tuple[Authority, str, str, date]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 4:
            result.errors.append((number, _("Give four columns: slug, e-mail, source and the date it was checked.")))
            continue
        slug, email, source, checked = (cell.strip() for cell in row[:4])
        problems = []
        authority = known.get(slug)
        if authority is None:
            problems.append(_("There is no body with the slug “%(slug)s”.") % {"slug": slug[:100]})
        elif slug in seen:
            problems.append(_("The body “%(slug)s” is on two lines.") % {"slug": slug})
        seen.add(slug)
        try:
            EmailValidator()(email)
            if len(email) > 254:
                raise ValidationError("too long")
        except ValidationError:
            problems.append(_("“%(email)s” is not an e-mail address.") % {"email": email[:200]})
        if not source:
            problems.append(_("Say where the address is published: an address is never guessed."))
        elif len(source) > 300:
            problems.append(_("The source is longer than 300 characters."))
        try:
            checked_on = date.fromisoformat(checked)
        except ValueError:
            problems.append(_("Give the date the address was checked as YYYY-MM-DD."))
            checked_on = date.min
        else:
            if checked_on > timezone.localdate():
                problems.append(_("The date the address was checked is in the future."))
        if problems:
            result.errors.extend((number, problem) for problem in problems)
        elif authority is not None:
            planned.append((authority, email, source, checked_on))
    if result.errors:
        return result
    with transaction.atomic():
        for authority, email, source, checked_on in planned:
            before = (authority.email, authority.email_source, authority.email_checked_on)
            if before == (email, source, checked_on):
                result.unchanged += 1
                continue
            changed = [
                name
                for name, old, new in zip(
                    ("email", "email_source", "email_checked_on"), before, (email, source, checked_on), strict=True
                )
                if old != new
            ]
            authority.email, authority.email_source, authority.email_checked_on = email, source, checked_on
            authority_save(authority=authority, changed=changed, actor=actor)
            result.changed.append(authority.slug)
    return result
