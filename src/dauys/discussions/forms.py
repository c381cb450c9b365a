from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dauys.discussions import challenge
from dauys.discussions.models import Rule
from dauys.discussions.services import MAX_NAME

BODY_HELP = _("Up to 10,000 characters. *Emphasis*, lists, > quotes and links work; no images or HTML.")


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        # The service counts and explains the limit; the browser must not cut a pasted text silently.
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
        error_messages={"required": _("Write a comment.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class GuestCommentForm(CommentForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME,
        error_messages={"required": _("Give a name to show with your comment.")},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("E-mail (will not be published)"),
        error_messages={
            "required": _("Give your e-mail address: we send the link that publishes your comment there."),
            "invalid": _("This is not a valid e-mail address."),
        },
        help_text=_("We send you a link; your comment appears once you open it. Nobody sees the address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    remember = forms.BooleanField(
        label=_("Remember my name and e-mail in this browser, so that my next comments appear at once"),
        required=False,
    )
    answer = forms.CharField(
        label=_("A question for guests"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "challenge-answer"}),
    )
    challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    solution = forms.CharField(required=False, widget=forms.HiddenInput)
    field_order = ["name", "email", "body", "remember", "answer", "parent", "challenge", "solution"]

    def __init__(self, *args: Any, copy: bool = False, **kwargs: Any) -> None:
        """``copy``: the page is rendered to be stored, and each response made from it gets its own challenge."""
        super().__init__(*args, **kwargs)
        issued = challenge.placeholder() if copy and not self.is_bound else challenge.issue()
        # A fresh challenge on every render, also when the form comes back with errors.
        self.fields["answer"].label = issued.question
        self.fields["answer"].help_text = _("This keeps robots out; nobody is tracked.")
        self.fields["challenge"].widget.attrs.update(
            {"data-salt": issued.salt, "data-hash": issued.hash, "data-max": str(issued.max_number)}
        )
        self.sent: dict[str, str] = {}
        if self.is_bound:
            # Checked once in clean(); if the form comes back, it carries the new challenge.
            self.sent = {name: str(self.data.get(name, "")) for name in ("challenge", "solution", "answer")}
            data = self.data.copy()  # type: ignore[attr-defined]
            data["challenge"], data["solution"], data["answer"] = issued.token, "", ""
            self.data = data
        self.initial["challenge"] = issued.token

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:  # a form with mistakes does not use up its proof
            problem = challenge.verify(
                self.sent.get("challenge", ""),
                solution=self.sent.get("solution", ""),
                answer=self.sent.get("answer", ""),
            )
            if problem:
                self.add_error("answer", problem)
        return cleaned


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": _("Write a comment.")},
    )


class FlagForm(forms.Form):
    rule = forms.ChoiceField(
        label=_("Which rule does it break?"),
        choices=Rule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the rule this comment breaks.")},
    )


class HideForm(FlagForm):
    pass


class SuspendForm(forms.Form):
    days = forms.IntegerField(label=_("For how many days"), min_value=1, max_value=365, initial=7)
    rule = forms.ChoiceField(label=_("Rule broken"), choices=Rule.choices)


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the comment be restored?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the comment should be restored.")},
    )
