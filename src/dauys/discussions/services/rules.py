"""The rules every write of discussions checks: who may write, what a comment and a guest must be."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dauys.accounts.models import User
from dauys.core import dates
from dauys.discussions import targets
from dauys.discussions.models import (
    Moderator,
    Suspension,
    Thread,
)

MAX_LENGTH = 10_000
LOCKED = gettext_lazy("This discussion is locked: no new comments.")
MAX_NAME = 60
EDIT_GRACE = timedelta(minutes=15)
DOUBLE_SUBMIT = timedelta(minutes=2)
CONFIRM_MAX_AGE = 7 * 24 * 3600
CONFIRM_SALT = "dauys.discussions.confirm"


@dataclass(frozen=True)
class Guest:
    name: str
    email: str
    confirmed: bool = False  # the browser holds a signed proof that this address was confirmed before
    remember: bool = False  # remember the address in this browser once it is confirmed


def guest_hash(email: str) -> str:
    """A stable pseudonym of a guest's address for moderators: a keyed hash, never the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"dauys-guest:" + email.strip().lower().encode(), hashlib.sha256).hexdigest()[:12]


def is_moderator(user: User | AnonymousUser | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Moderator.objects.filter(user_id=user.pk).exists()


def suspended_until(user: User) -> Any:
    suspension = Suspension.objects.filter(user_id=user.pk, until__gt=timezone.now()).order_by("-until").first()
    return suspension.until if suspension else None


def not_suspended(user: User) -> None:
    until = suspended_until(user)
    if until is not None:
        raise ValidationError(_("Your account may not comment until %(date)s.") % {"date": dates.day(until)})


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {
                "body": ngettext(
                    "A comment can be at most 10,000 characters long; this one has %(count)d character.",
                    "A comment can be at most 10,000 characters long; this one has %(count)d characters.",
                    len(body),
                )
                % {"count": len(body)}
            }
        )
    return body


def clean_guest(guest: Guest) -> Guest:
    errors: dict[str, str] = {}
    name = " ".join((guest.name or "").split())
    email = (guest.email or "").strip()
    if not name:
        errors["name"] = _("Give a name to show with your comment.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("A name can be at most 60 characters long.")
    if not email:
        errors["email"] = _("Give your e-mail address: we send the link that publishes your comment there.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("This is not a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    return Guest(name=name, email=email, confirmed=guest.confirmed, remember=guest.remember)


def target_of(thread: Thread) -> targets.Target:
    target = targets.resolve(thread.target)
    if target is None:
        raise ValidationError(_("This discussion is closed: what it is about is no longer public."))
    return target


def page_of(thread: Thread) -> str:
    target = targets.resolve(thread.target)
    return target.page_tag if target else ""
