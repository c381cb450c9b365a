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


def iin_is_valid(iin: str) -> bool:
    """Kazakhstan's individual identification number: 12 digits whose last is a check digit (weights 1..11, and
    3..11, 1, 2 when the first sum leaves 10; a second 10 is never issued)."""
    if len(iin) != 12 or not iin.isascii() or not iin.isdigit():
        return False
    digits = [int(c) for c in iin]
    for weights in (range(1, 12), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]):
        check = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        if check != 10:
            return check == digits[11]
    return False


class ApplicantForm(forms.Form):
    """The real name and address an appeal needs to be considered: private, sent only to the addressee."""

    full_name = forms.CharField(
        label=_("Surname, first name and patronymic"),
        help_text=_("As in your identity document. An appeal without it may be left unconsidered."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name as in your identity document.")},
    )
    iin = forms.CharField(
        label=_("IIN (optional)"),
        help_text=_("Your 12-digit individual identification number, if you have one."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        help_text=_("Where the authority sends its written answer: region, town, street, house, flat, postcode."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    email = forms.EmailField(
        label=_("E-mail for the answer (optional)"),
        help_text=_("If you also want the answer by e-mail. The authority sees this address."),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.kz.")},
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Enter at least your surname and first name."), code="short")
        return name

    def clean_iin(self) -> str:
        iin = "".join(self.cleaned_data["iin"].split())
        if iin and not iin_is_valid(iin):
            raise forms.ValidationError(
                _("An IIN has 12 digits, and its last digit checks the others: check it against your document."),
                code="invalid",
            )
        return iin

    def clean_postal_address(self) -> str:
        return "\n".join(line.strip() for line in self.cleaned_data["postal_address"].splitlines() if line.strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("postal_address") and not data.get("email") and "email" not in self.errors:
            self.add_error("postal_address", _("Give a postal address, an e-mail address, or both: where to answer."))
        return data
