from __future__ import annotations

import pytest
from django import forms

from dauys.core.widgets import FastSelect


class Form(forms.Form):
    choice = forms.ChoiceField(
        choices=[("", "Any"), ("a", "A & <b>"), ("b", 'B "q"')], widget=FastSelect, required=False
    )
    grouped = forms.ChoiceField(choices=[("G<1>", [("x", "X")]), ("y", "Y")], widget=FastSelect)


def test_same_markup_as_django_select_and_escaped() -> None:
    fast = Form(initial={"choice": "a"})
    html = str(fast["choice"])
    plain = forms.Select(choices=fast.fields["choice"].choices).render("choice", "a", attrs={"id": "id_choice"})
    normalise = lambda s: "".join(s.split())  # noqa: E731
    assert normalise(html) == normalise(plain)
    assert "A &amp; &lt;b&gt;" in html and 'value="a" selected' in html


def test_optgroups_and_required() -> None:
    html = str(Form()["grouped"])
    assert '<optgroup label="G&lt;1&gt;"><option value="x">X</option></optgroup>' in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_date_field_shows_its_value_in_iso_in_every_language(language: str) -> None:
    from datetime import date

    from django.utils import translation

    from dauys.core.widgets import IsoDateInput

    class Form(forms.Form):
        received_on = forms.DateField(widget=IsoDateInput())

    with translation.override(language):
        html = str(Form(initial={"received_on": date(2026, 12, 7)})["received_on"])
        assert 'type="date"' in html and 'value="2026-12-07"' in html
        bound = Form({"received_on": "2026-12-07"})
        assert bound.is_valid() and bound.cleaned_data["received_on"] == date(2026, 12, 7)
