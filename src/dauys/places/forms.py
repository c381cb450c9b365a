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
        self.widget.choices = grouped_choices(self.queryset, None if self.required else self.empty_label)
        return super().get_bound_field(form, field_name)

    def label_from_instance(self, obj: Place) -> str:
        return ("— " * max(0, obj.depth - 1)) + obj.name


def _unit_of(place: Place, by_id: dict[int, Place]) -> int:
    """The id of the region or city of republican significance above ``place`` (its ancestors come first)."""
    node = place
    while node.depth > 1 and node.parent_id in by_id:
        node = by_id[node.parent_id]
    return node.pk if node.depth <= 1 else int(node.parent_id or 0)


def grouped_choices(places: Any, empty_label: Any) -> list[tuple[Any, Any]]:
    """The places grouped by region or city of republican significance, each group led by the unit itself and
    followed by what lies in it, so that "Almaly District" reads as Almaty's (``<optgroup>``)."""
    units: list[Place] = []
    below: dict[int, list[Place]] = {}
    by_id: dict[int, Place] = {}
    for place in places:  # by depth, then name
        if place.depth <= 1:
            units.append(place)
        else:
            below.setdefault(_unit_of(place, by_id), []).append(place)
        by_id[place.pk] = place
    choices: list[tuple[Any, Any]] = [("", empty_label or _("Choose the place…"))]
    for unit in units:
        whole = _("%(place)s, the whole city") if unit.kind == Place.Kind.CITY else _("%(place)s, the whole region")
        options = [(unit.slug, whole % {"place": unit.name})]
        options += [(p.slug, ("— " * (p.depth - 2)) + p.name) for p in below.get(unit.pk, [])]
        choices.append((unit.name, options))
    return choices
