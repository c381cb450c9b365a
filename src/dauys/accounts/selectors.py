"""Reads on accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from dauys.accounts.models import Applicant, ApplicantDetails, User


def signed_in(request: HttpRequest) -> User:
    """The account a request acts for, where a sign-in is required (``login_required``, the API's token, the
    admin); an anonymous request here is refused (PermissionDenied, answered 403)."""
    user = request.user
    if not user.is_authenticated or not isinstance(user, User):
        raise PermissionDenied
    return user


ExportSection = Callable[[User], Any]
_export_sections: dict[str, ExportSection] = {}


def register_export_section(name: str, func: ExportSection) -> None:
    """Let an app add what it holds about a person to their data export."""
    _export_sections[name] = func


def applicant_of(user: User | None) -> ApplicantDetails | None:
    """The real name and address ``user`` gave for their appeals, or None (none given, or no longer readable)."""
    if user is None or not user.is_authenticated:
        return None
    row = Applicant.objects.filter(user_id=user.pk).first()
    return row.details if row is not None else None


def personal_data(*, user: User) -> dict[str, Any]:
    """Everything Dauys holds about ``user``, as JSON-friendly data."""
    from allauth.mfa.models import Authenticator

    data: dict[str, Any] = {
        "format": "dauys-personal-data/1",
        "account": {
            "public_name": user.display_name,
            "internal_username": user.username,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "two_factor": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "created_at": t.created_at.isoformat(),
                "last_used_on": str(t.last_used_on or ""),
            }
            for t in user.api_tokens.order_by("created_at")
        ],
    }
    applicant = applicant_of(user)
    data["applicant"] = applicant.as_dict() if applicant is not None else None
    for name, section in sorted(_export_sections.items()):
        data[name] = section(user)
    return data
