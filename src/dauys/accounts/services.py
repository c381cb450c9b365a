"""Writes on accounts. Each runs in one transaction and emits one domain event."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from dauys.accounts.events import (
    AccountCreated,
    AccountDeleted,
    ApiTokenCreated,
    ApiTokenRevoked,
    DisplayNameChanged,
)
from dauys.accounts.models import ApiToken, Applicant, ApplicantDetails, Session, User
from dauys.core.events import emit


def account_created(*, user: User) -> None:
    """Announce an account that allauth has just saved."""
    emit(AccountCreated(user_id=user.pk))


@transaction.atomic
def display_name_change(*, user: User, display_name: str) -> User:
    user.display_name = display_name
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=["display_name"])
    emit(DisplayNameChanged(user_id=user.pk, display_name=display_name))
    return user


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete an account's personal data and keep its public contributions under "deleted user".

    The row stays (so problems, comments and answers keep their author link and nothing public vanishes), but
    everything that identifies or authenticates the person goes: e-mail addresses, name, password, two-factor
    devices, API tokens, sessions, representative roles.
    """
    from allauth.mfa.models import Authenticator

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_deleted:
        return
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    user.representations.all().delete()
    Applicant.objects.filter(user=user).delete()
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.display_name = f"~deleted-{user.pk}"
    # Its sessions go (each keeps the account's id in a column), and a new (unusable) password changes the session
    # auth hash, so a session being written at this moment is logged out on its next request too.
    Session.objects.filter(user_id=user.pk).delete()
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.save()
    emit(AccountDeleted(user_id=user.pk))


def applicant_save(*, user: User, details: ApplicantDetails) -> None:
    """Keep (or replace) the citizen's real name and address, sealed; no event and no log line carries them."""
    from dauys.accounts.sealed import seal

    Applicant.objects.update_or_create(user=user, defaults={"sealed": seal(details.as_dict())})


def applicant_delete(*, user: User) -> bool:
    """Forget the citizen's real name and address. Appeals already sent keep what the addressee received."""
    deleted, _rows = Applicant.objects.filter(user=user).delete()
    return deleted > 0


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create an API token; return it and its secret, which is never stored and cannot be shown again."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(secret))
    emit(ApiTokenCreated(user_id=user.pk, token_id=token.pk))
    return token, secret


MAX_TOKENS = 20


@transaction.atomic
def api_token_create_own(*, user: User, name: str) -> tuple[ApiToken, str]:
    """An account holder makes a token for their own scripts or apps (at most ``MAX_TOKENS`` at a time)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    User.objects.select_for_update().filter(pk=user.pk).first()  # one creation at a time per account
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Name the token after what will use it, for example “my phone”.")]})
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS:
        raise ValidationError(
            {"name": [_("You have %(n)d tokens, the most an account can have: revoke one first.") % {"n": MAX_TOKENS}]}
        )
    return api_token_create(user=user, name=name)


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of the account's own tokens; False when there is no such token of theirs."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if deleted:
        emit(ApiTokenRevoked(user_id=user.pk))
    return bool(deleted)


@transaction.atomic
def admin_create(*, username: str, email: str, password: str | None) -> tuple[User, str | None]:
    """Create a superuser with a confirmed e-mail. Return it and the generated password, if one was made."""
    import secrets

    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"{email!r} is not a valid e-mail address") from None
    if User.objects.filter(username=username).exists():
        raise ValueError(f"the username {username!r} is taken")
    if EmailAddress.objects.filter(email__iexact=email).exists():
        raise ValueError("that e-mail address already belongs to an account")
    generated = None
    if not password:
        password = generated = secrets.token_urlsafe(15)
    user = User(username=username, email=email, display_name=username, is_staff=True, is_superuser=True)
    try:
        validate_password(password, user)
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ValueError("; ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    emit(AccountCreated(user_id=user.pk))
    return user, generated
