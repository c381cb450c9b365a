from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dauys.authorities.models import Authority
from dauys.core.i18n import order_by_name
from dauys.core.widgets import FastSelect
from dauys.places.models import Place


class AuthorityFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    kind = forms.ChoiceField(widget=FastSelect, label=_("Kind"), required=False)
    place = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Place"),
        queryset=Place.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All of Kazakhstan"),
        error_messages={"invalid_choice": _("There is no such place.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Authority.Kind.choices]
        self.fields["kind"].error_messages["invalid_choice"] = _("There is no such kind of authority.")
        self.fields["place"].queryset = Place.objects.exclude(kind=Place.Kind.COUNTRY).order_by(
            "depth", order_by_name()
        )
