"""People: an account is an e-mail address (private) and a public pseudonym."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DELETED_NAME = "deleted"


EMAIL_NOTIFICATIONS = [("immediate", _("at once")), ("daily", _("a daily summary")), ("off", _("never"))]


def public_id(user: Any) -> str | None:
    """An account's public id: the random handle of its public page (``/people/<id>/``), never derived from the
    e-mail address; None for nobody, and for a deleted account (its page is gone)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.deleted_at is not None:
        return None
    return str(user.username)


class User(AbstractUser):
    """An account. ``username`` is internal; people see only ``display_name``."""

    display_name = models.CharField(
        _("public name"),
        max_length=40,
        help_text=_("Shown on everything you publish. It need not be your real name."),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=5, default="kk", choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
    )
    email_notifications = models.CharField(
        _("e-mail notifications"),
        max_length=20,
        default="immediate",
        choices=EMAIL_NOTIFICATIONS,
    )

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="accounts_user_display_name_ci_unique",
                violation_error_message=_("This public name is already taken."),
            )
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name the public sees: the pseudonym, or "deleted user" after deletion."""
        if self.deleted_at is not None:
            return str(_("deleted user"))
        return self.display_name or str(_("unnamed"))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once, at creation."""

    PREFIX = "dauys_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=80, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_on = models.DateField(_("last used on"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name or f"token {self.pk}"

    @staticmethod
    def new_secret() -> str:
        return ApiToken.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class Session(AbstractBaseSession):
    """A browser's session, with the account it signs in as a column of its own: a signed-in page then reads the
    session, the account and the reader's personal figures in one statement (``accounts.sessions.reader``)."""

    user_id = models.BigIntegerField(null=True, db_index=True)

    @classmethod
    def get_session_store_class(cls) -> Any:
        from dauys.accounts.sessions import SessionStore

        return SessionStore
