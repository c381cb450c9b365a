"""People: an account is an e-mail address (private) and a public pseudonym."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
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


class Applicant(models.Model):
    """The real name and address a citizen gives, once and privately, so that an appeal can be considered (APPK
    Art. 63: an appeal names its applicant and their postal address).

    Sent only to the addressee of an appeal the citizen chose to sign (``problems``), and put into the text Dauys
    prepares for the state portal. Never shown to anyone else, exported, federated or logged; sealed at rest
    (``accounts.sealed``); the citizen can delete it at any time. Read it through ``details``.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="applicant", verbose_name=_("account")
    )
    sealed = models.TextField(editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("applicant's details")
        verbose_name_plural = _("applicants' details")

    def __str__(self) -> str:
        return f"applicant {self.pk}"  # never the details themselves (admin lists, logs, tracebacks)

    @property
    def details(self) -> ApplicantDetails | None:
        from dauys.accounts.sealed import unseal

        data = unseal(self.sealed)
        if data is None:
            return None
        return ApplicantDetails(
            full_name=str(data.get("full_name", "")),
            iin=str(data.get("iin", "")),
            postal_address=str(data.get("postal_address", "")),
            email=str(data.get("email", "")),
        )


@dataclass(frozen=True)
class ApplicantDetails:
    full_name: str
    iin: str = ""
    postal_address: str = ""
    email: str = ""

    def __repr__(self) -> str:
        return "ApplicantDetails(…)"  # a traceback or a log line never carries them

    def as_dict(self) -> dict[str, str]:
        return {
            "full_name": self.full_name,
            "iin": self.iin,
            "postal_address": self.postal_address,
            "email": self.email,
        }

    def block(self) -> str:
        """The applicant's lines at the head of an appeal, in Kazakh and Russian as the addressee reads them."""
        lines = [f"Өтініш беруші / Заявитель: {self.full_name}"]
        if self.iin:
            lines.append(f"ЖСН / ИИН: {self.iin}")
        if self.postal_address:
            lines.append(f"Пошталық мекенжайы / Почтовый адрес: {self.postal_address}")
        if self.email:
            lines.append(f"Жауап үшін электрондық пошта / E-mail для ответа: {self.email}")
        return "\n".join(lines)
