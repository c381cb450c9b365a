"""Form widgets rendered in Python instead of one template per <option>.

Django renders every <option> of a <select> through a template; a list page with the places, the authorities and
the categories to choose from renders a few hundred of them, which was most of its time. The output is the same
markup.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options: list[str] = []
        for group_name, group, _index in widget["optgroups"]:
            rendered = "".join(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for option in group
            )
            options.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, mark_safe(rendered))  # noqa: S308
                if group_name
                else rendered
            )
        # Every part is escaped above (format_html, flatatt, conditional_escape).
        return mark_safe(  # noqa: S308
            f'<select name="{conditional_escape(name)}"{flatatt(widget["attrs"])}>{"".join(options)}</select>'
        )


class IsoDateInput(forms.DateInput):
    """``<input type="date">``, whose value is ISO 8601 whatever the page's language: a browser shows a localised
    value ("07.12.2026", as Russian formats it) as an empty field, and submitting it said "required"."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
