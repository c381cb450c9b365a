from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dauys.authorities.models import Authority
from dauys.core.widgets import FastSelect
from dauys.places.forms import PlaceField


class AuthorityFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    kind = forms.ChoiceField(widget=FastSelect, label=_("Kind"), required=False)
    place = PlaceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Authority.Kind.choices]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["invalid_choice"] = _("There is no such kind of authority.")
