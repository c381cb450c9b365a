from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
    field_order = ["name", "email", "body", "remember", "parent"]


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
