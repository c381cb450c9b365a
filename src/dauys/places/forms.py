from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dauys.core.i18n import order_by_name
from dauys.core.widgets import FastSelect
from dauys.places.models import Place


class PlaceField(forms.ModelChoiceField):
    """A choice of region, city or district by slug, indented by level, in the page's language."""

    def __init__(self, *, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Place"))
        if not required:
            kwargs.setdefault("empty_label", _("All of Kazakhstan"))
        super().__init__(
            queryset=Place.objects.none(),
            required=required,
            to_field_name="slug",
            widget=FastSelect,
            error_messages={
                "required": _("Choose the region, city or district."),
                "invalid_choice": _("There is no such place."),
            },
            **kwargs,
        )

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> Any:
        # The queryset is built per form, so the order follows the language of the request.
        self.queryset = Place.objects.exclude(kind=Place.Kind.COUNTRY).order_by("depth", order_by_name())
        return super().get_bound_field(form, field_name)

    def label_from_instance(self, obj: Place) -> str:
        return ("— " * max(0, obj.depth - 1)) + obj.name
