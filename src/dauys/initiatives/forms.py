"""The forms of the initiatives' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from dauys.core.i18n import order_by_name
from dauys.core.widgets import FastSelect
from dauys.initiatives.models import Initiative
from dauys.initiatives.services import InitiativeInput
from dauys.places.forms import PlaceField, grouped_choices
from dauys.places.models import Place
from dauys.problems.models import Category


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.getlist(name) if isinstance(data, MultiValueDict) else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty multiple select sends nothing: that is a value (none chosen)


class PlacesField(forms.ModelMultipleChoiceField):
    """Regions, cities and districts by slug, grouped by region, in the page's language (several may be chosen)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Place.objects.none(),
            to_field_name="slug",
            widget=FastSelectMultiple(attrs={"size": 8}),
            error_messages={
                "required": _("Choose at least one place where the initiative acts."),
                "invalid_choice": _("There is no such place."),
                "invalid_pk_value": _("There is no such place."),
            },
            **kwargs,
        )

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> Any:
        self.queryset = Place.objects.exclude(kind=Place.Kind.COUNTRY).order_by("depth", order_by_name())
        self.widget.choices = grouped_choices(self.queryset, None)
        return super().get_bound_field(form, field_name)

    def label_from_instance(self, obj: Place) -> str:
        return ("— " * max(0, obj.depth - 1)) + obj.name


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("What it does"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who you are, what you want to change, how others can help. *Emphasis*, lists and links work."),
    )
    places = PlacesField(
        label=_("Where it acts"),
        help_text=_("Up to 10 regions, cities or districts. On a computer, hold Ctrl (⌘ on a Mac) to choose several."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your website or channels, one address a line (up to 5)."),
    )
    joining = forms.ChoiceField(
        label=_("Who may join"), choices=Initiative.Joining.choices, widget=forms.RadioSelect, initial="open"
    )

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]

    def data_input(self) -> InitiativeInput:
        data = self.cleaned_data
        return InitiativeInput(
            name=data["name"],
            description=data["description"],
            places=list(data["places"]),
            topics=list(data["topics"]),
            links=data["links"],
            joining=data["joining"],
        )

    @classmethod
    def initial_of(cls, initiative: Initiative) -> dict[str, Any]:
        return {
            "name": initiative.name,
            "description": initiative.description,
            "places": [p.slug for p in initiative.places.all()],
            "topics": list(initiative.topics.all()),
            "links": "\n".join(initiative.links),
            "joining": initiative.joining,
        }


class InitiativeFilterForm(forms.Form):
    place = PlaceField(required=False)
