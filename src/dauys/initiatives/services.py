"""Every write of the initiatives, each in a transaction with one event (docs/initiatives.md).

Anyone signed in starts an initiative, with no approval, and becomes its first coordinator. Coordinators edit it
and decide whether joining is open or by request; they accept or refuse requests and give or take the coordinator's
role. Leaving is always one step: when the last coordinator leaves, the longest-standing member becomes one, so that
an initiative is never left with nobody to accept its new members.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dauys.accounts.models import User, public_id
from dauys.core import markdown
from dauys.core.events import emit
from dauys.core.translit import skeleton
from dauys.initiatives.events import InitiativeChanged, InitiativeCreated, MembershipChanged
from dauys.initiatives.models import Initiative, Membership

Role, State = Membership.Role, Membership.State


@dataclass
class InitiativeInput:
    name: str
    description: str
    places: list[Any]
    topics: list[Any] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    joining: str = Initiative.Joining.OPEN


def slug_for(name: str) -> str:
    """A Latin slug from a name in any of the three languages, unique: Latin letters as they are ("Clean yards" ->
    "clean-yards"), Cyrillic ones as the town search spells them (``core.translit.skeleton``: "Жасыл Алматы" ->
    "jasil-almati")."""
    letters = [c if c.isascii() and c.isalnum() else (skeleton(c) if c.isalpha() else "-") for c in name.lower()]
    base = re.sub(r"-{2,}", "-", "".join(letters)).strip("-")[:60].strip("-") or "initiative"
    slug, n = base, 1
    while Initiative.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check(data: InitiativeInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the initiative a name.")]
    if not data.description.strip():
        errors["description"] = [_("Say in a few words what the initiative does.")]
    if not data.places:
        errors["places"] = [_("Choose at least one place where the initiative acts.")]
    elif len(data.places) > Initiative.MAX_PLACES:
        errors["places"] = [_("Choose at most %(n)d places.") % {"n": Initiative.MAX_PLACES}]
    if len(data.links) > Initiative.MAX_LINKS:
        errors["links"] = [_("Give at most %(n)d links.") % {"n": Initiative.MAX_LINKS}]
    else:
        web = URLValidator(schemes=["http", "https"])
        for link in data.links:
            try:
                if len(link) > 300:
                    raise ValidationError("too long")
                web(link)
            except ValidationError:
                errors["links"] = [_("“%(link)s” is not a web address (https://…).") % {"link": link[:80]}]
                break
    if errors:
        raise ValidationError(errors)


def _save(initiative: Initiative, data: InitiativeInput) -> None:
    initiative.name = data.name.strip()
    initiative.description = data.description.strip()
    initiative.description_html = markdown.render(initiative.description)
    initiative.links = list(data.links)
    initiative.joining = data.joining
    initiative.active_at = timezone.now()
    initiative.full_clean(exclude=["slug", "places", "topics"])
    initiative.save()
    initiative.places.set(data.places)
    initiative.topics.set(data.topics)


@transaction.atomic
def initiative_create(*, actor: User, data: InitiativeInput) -> Initiative:
    _check(data)
    initiative = Initiative(slug=slug_for(data.name), created_by=actor, members_count=1)
    _save(initiative, data)
    Membership.objects.create(initiative=initiative, user=actor, role=Role.COORDINATOR, state=State.ACTIVE)
    emit(InitiativeCreated(initiative_id=initiative.pk, slug=initiative.slug, actor=public_id(actor)))
    return initiative


def _locked(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _locked_pair(membership: Membership) -> tuple[Initiative, Membership]:
    """The initiative, then the membership, locked in that order, as joining and leaving lock them (the initiative
    first): two writers never wait for each other's lock. A membership gone meanwhile (its person left) is told."""
    initiative = Initiative.objects.select_for_update().get(pk=membership.initiative_id)
    found = Membership.objects.select_for_update().select_related("user").filter(pk=membership.pk).first()
    if found is None:
        raise ValidationError(_("This person has left meanwhile."))
    return initiative, found


def _coordinator(initiative: Initiative, actor: User) -> None:
    if not Membership.objects.filter(
        initiative=initiative, user=actor, role=Role.COORDINATOR, state=State.ACTIVE
    ).exists():
        raise PermissionDenied(_("Only the initiative's coordinators may do this."))


@transaction.atomic
def initiative_update(*, initiative: Initiative, actor: User, data: InitiativeInput) -> Initiative:
    initiative = _locked(initiative)
    _coordinator(initiative, actor)
    _check(data)
    before = _public(initiative)
    _save(initiative, data)
    changed = [name for name, value in _public(initiative).items() if before[name] != value]
    if changed:
        emit(
            InitiativeChanged(initiative_id=initiative.pk, slug=initiative.slug, fields=changed, actor=public_id(actor))
        )
    return initiative


def _public(initiative: Initiative) -> dict[str, Any]:
    return {
        "name": initiative.name,
        "description": initiative.description,
        "links": list(initiative.links),
        "joining": initiative.joining,
        "places": sorted(initiative.places.values_list("pk", flat=True)),
        "topics": sorted(initiative.topics.values_list("pk", flat=True)),
    }


def _changed(initiative: Initiative, user: User, action: str) -> None:
    initiative.refresh_from_db(fields=["members_count"])
    emit(
        MembershipChanged(
            initiative_id=initiative.pk,
            slug=initiative.slug,
            user_id=user.pk,
            action=action,
            members_count=initiative.members_count,
        )
    )


def _count(initiative: Initiative, by: int) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(members_count=F("members_count") + by)


@transaction.atomic
def initiative_join(*, initiative: Initiative, actor: User) -> Membership:
    """Join an open initiative, or ask to join one by request. A repeat changes nothing."""
    initiative = _locked(initiative)
    existing = Membership.objects.filter(initiative=initiative, user=actor).first()
    if existing is not None:
        return existing
    if initiative.joining == Initiative.Joining.OPEN:
        membership = Membership.objects.create(initiative=initiative, user=actor, state=State.ACTIVE)
        _count(initiative, +1)
        _changed(initiative, actor, "joined")
    else:
        membership = Membership.objects.create(initiative=initiative, user=actor, state=State.REQUESTED)
        _changed(initiative, actor, "requested")
    return membership


@transaction.atomic
def initiative_leave(*, initiative: Initiative, actor: User) -> None:
    """Leave (or withdraw a request): always possible. The last coordinator's role passes to the longest-standing
    member."""
    initiative = _locked(initiative)
    membership = Membership.objects.filter(initiative=initiative, user=actor).first()
    if membership is None:
        return
    membership.delete()
    if membership.state == State.ACTIVE:
        _count(initiative, -1)
        if (
            membership.role == Role.COORDINATOR
            and not initiative.memberships.filter(role=Role.COORDINATOR, state=State.ACTIVE).exists()
        ):
            heir = initiative.memberships.filter(state=State.ACTIVE).order_by("created_at", "pk").first()
            if heir is not None:
                heir.role = Role.COORDINATOR
                heir.save(update_fields=["role"])
    _changed(initiative, actor, "left")


@transaction.atomic
def membership_decide(*, membership: Membership, actor: User, accept: bool) -> Membership | None:
    """A coordinator accepts a request to join (the person becomes a member) or refuses it (the request is gone)."""
    initiative, membership = _locked_pair(membership)
    _coordinator(initiative, actor)
    if membership.state != State.REQUESTED:
        raise ValidationError(_("This person is a member already."))
    if accept:
        membership.state = State.ACTIVE
        membership.save(update_fields=["state"])
        _count(initiative, +1)
        _changed(initiative, membership.user, "accepted")
        return membership
    membership.delete()
    _changed(initiative, membership.user, "refused")
    return None


@transaction.atomic
def membership_role(*, membership: Membership, actor: User, role: str) -> Membership:
    """A coordinator makes a member a coordinator, or a coordinator a member again (not the last one)."""
    initiative, membership = _locked_pair(membership)
    _coordinator(initiative, actor)
    if membership.state != State.ACTIVE:
        raise ValidationError(_("Accept the request first."))
    if role not in Role.values:
        raise ValidationError(_("Choose a role: coordinator or member."))
    if membership.role == role:
        return membership
    others = initiative.memberships.filter(role=Role.COORDINATOR).exclude(pk=membership.pk)
    if role == Role.MEMBER and not others.exists():
        raise ValidationError(_("An initiative keeps at least one coordinator: make someone else one first."))
    membership.role = role
    membership.save(update_fields=["role"])
    _changed(initiative, membership.user, role)
    return membership
