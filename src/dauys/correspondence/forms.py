from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dauys.problems.forms import AnswerForm, ScansVisibilityField


class ReviewForm(AnswerForm):
    """The applicant's review of a reply: the answer as it will be published, and the attachments to publish."""

    chosen = forms.TypedMultipleChoiceField(
        label=_("Attachments to publish with it"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    scans_visibility = ScansVisibilityField(required=False)
    confirm = forms.BooleanField(
        label=_("I have removed from the text my name, address and anything else personal of private persons"),
        error_messages={"required": _("Confirm that the text holds nothing personal to hide: it becomes public.")},
    )

    def __init__(self, *args: Any, attachments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["scans"]
        self.fields["chosen"].choices = attachments  # type: ignore[attr-defined]
        self.fields["text"].label = _("The text of the answer, as it will be published")
