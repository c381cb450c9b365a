from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dauys.accounts.models import User

NAME_RE = re.compile(r"^[\w][\w .\-']*$")


def clean_display_name(value: str, *, exclude_pk: int | None = None) -> str:
    name = " ".join(value.split())
    if len(name) < 3:
        raise forms.ValidationError(_("The public name must have at least 3 characters."), code="too_short")
    if not NAME_RE.match(name):
        raise forms.ValidationError(
            _("Use letters, digits, spaces, dots, hyphens and apostrophes only."), code="invalid"
        )
    if "@" in value:
        raise forms.ValidationError(_("A public name cannot contain an e-mail address."), code="email")
    taken = User.objects.filter(display_name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise forms.ValidationError(_("This public name is already taken."), code="taken")
    return name


class SignupForm(forms.Form):
    """Extra sign-up fields, merged into allauth's form."""

    display_name = forms.CharField(
        label=_("Public name"),
        max_length=40,
        help_text=_("Shown on everything you publish. It need not be your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request: HttpRequest, user: Any) -> None:
        """Called by allauth after the account is saved; the name is already set by the adapter."""


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(label=_("Public name"), max_length=40)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"], exclude_pk=self.user.pk)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account is deleted for good and my public contributions stay, signed “deleted user”."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
