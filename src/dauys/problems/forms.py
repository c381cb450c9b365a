from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dauys.authorities.models import Authority
from dauys.core.i18n import order_by_name
from dauys.core.images import ImageRejected, ProcessedImage, process_upload
from dauys.core.pdfs import PdfRejected, ProcessedPdf, looks_like_pdf, process_pdf
from dauys.core.widgets import FastSelect, IsoDateInput
from dauys.places.forms import PlaceField
from dauys.problems.models import Answer, Appeal, Category, Problem, Scan
from dauys.problems.selectors import ProblemFilters
from dauys.problems.services.problems import MAX_PHOTOS
from dauys.problems.services.scans import MAX_SCANS

IMAGE_ERRORS = {
    "too_large": _("“%(name)s” is larger than 10 MB."),
    "not_an_image": _("“%(name)s” is not an image we can read."),
    "unsupported_format": _("“%(name)s” is not a JPEG, PNG or WebP image."),
    "too_many_pixels": _("“%(name)s” has too many pixels."),
    "decompression_bomb": _("“%(name)s” has too many pixels."),
}


def active_authorities() -> QuerySet[Authority]:
    """The authorities a form may offer, in the order of the reader's language."""
    return Authority.objects.filter(is_active=True).order_by(order_by_name())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})
    limit = MAX_PHOTOS
    too_many = _("A problem can have at most %(n)d photos.")

    def clean(self, data: Any, initial: Any = None) -> list[ProcessedImage]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.limit:
            raise ValidationError(self.too_many % {"n": self.limit})
        processed, errors = [], []
        for upload in files:
            try:
                processed.append(process_upload(upload))
            except ImageRejected as exc:
                errors.append(IMAGE_ERRORS.get(exc.code, IMAGE_ERRORS["not_an_image"]) % {"name": upload.name[:80]})
        if errors:
            raise ValidationError(errors)
        return processed


PDF_ERRORS = {
    "too_large": _("“%(name)s” is larger than 20 MB."),
    "not_a_pdf": _("“%(name)s” is not a PDF we can read."),
    "encrypted": _("“%(name)s” is protected by a password: save it without one, or scan the pages."),
    "too_many_pages": _("“%(name)s” has more than 100 pages."),
    "too_complex": _("“%(name)s” is too complex to check."),
    "active": _("“%(name)s” contains scripts or actions: print it to a new PDF, or scan the pages."),
    "embedded": _("“%(name)s” carries other files inside: attach those files themselves, or scan the pages."),
}


class ScansField(PhotosField):
    """Scans of a letter: images (one a page) or PDFs (checked and cleaned: ``core.pdfs``)."""

    widget = MultipleFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf,.pdf", "multiple": True}
    )
    limit = MAX_SCANS
    too_many = _("Attach at most %(n)d scanned pages.")

    def clean(self, data: Any, initial: Any = None) -> list[ProcessedImage | ProcessedPdf]:  # type: ignore[override]
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.limit:
            raise ValidationError(self.too_many % {"n": self.limit})
        processed: list[ProcessedImage | ProcessedPdf] = []
        errors = []
        for upload in files:
            name = {"name": upload.name[:80]}
            head = upload.read(1024)
            upload.seek(0)
            try:
                processed.append(process_pdf(upload) if looks_like_pdf(head) else process_upload(upload))
            except PdfRejected as exc:
                errors.append(PDF_ERRORS.get(exc.code, PDF_ERRORS["not_a_pdf"]) % name)
            except ImageRejected as exc:
                errors.append(IMAGE_ERRORS.get(exc.code, IMAGE_ERRORS["not_an_image"]) % name)
        if errors:
            raise ValidationError(errors)
        return processed


SCANS_HELP = _(
    "Photos or scans of the letter, one image a page (JPEG, PNG or WebP), or PDF files; at most 6. A PDF is checked "
    "and saved without its metadata; one with scripts or files inside is refused."
)


class ScansVisibilityField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Who sees the scans?"),
            choices=Scan.Visibility.choices,
            widget=forms.RadioSelect,
            initial=Scan.Visibility.ADDRESSEE,
            help_text=_(
                "Everyone: only once you have covered the names, addresses and signatures of private persons. You "
                "can change it later on the problem's page."
            ),
            error_messages={
                "required": _("Choose who sees the scans."),
                "invalid_choice": _("Choose who sees the scans."),
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        """Nothing chosen (a client that sent no choice): private, the safe default."""
        return super().to_python(value) or Scan.Visibility.PRIVATE


class ProblemForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=160,
        help_text=_("What is wrong, in one line."),
        error_messages={"required": _("Give the problem a title: what is wrong, in one line.")},
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=20000,
        error_messages={"required": _("Describe the problem: what, where exactly, since when.")},
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What, where exactly, since when, who is affected. *Emphasis*, lists and links work."),
    )
    category = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        error_messages={"required": _("Choose a category."), "invalid_choice": _("There is no such category.")},
        empty_label=_("Choose a category…"),
    )
    place = PlaceField(label=_("Where"))
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        error_messages={
            "min_value": _("A latitude is between −90 and 90 degrees; Kazakhstan's are about 40 to 56."),
            "max_value": _("A latitude is between −90 and 90 degrees; Kazakhstan's are about 40 to 56."),
            "invalid": _("Write the latitude as a number of degrees, for example 51.1282."),
        },
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        error_messages={
            "min_value": _("A longitude is between −180 and 180 degrees; Kazakhstan's are about 46 to 88."),
            "max_value": _("A longitude is between −180 and 180 degrees; Kazakhstan's are about 46 to 88."),
            "invalid": _("Write the longitude as a number of degrees, for example 71.4304."),
        },
    )
    blur_location = forms.BooleanField(label=_("Blur my location to about 500 m"), required=False)
    hide_author = forms.BooleanField(label=_("Hide my name (shown as anonymous)"), required=False)
    photos = PhotosField(label=_("Photos (JPEG, PNG or WebP, up to 10 MB each, at most 6)"), required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = lambda c: c.name  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_urlsafe(16))


class ProblemFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    place = PlaceField(required=False)
    category = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no such category.")},
    )
    authority = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Addressed to"),
        queryset=Authority.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any authority"),
        error_messages={"invalid_choice": _("There is no such authority.")},
    )
    status = forms.ChoiceField(widget=FastSelect, label=_("Status"), required=False)
    answer = forms.ChoiceField(widget=FastSelect, label=_("Has an answer of kind"), required=False)
    sort = forms.ChoiceField(widget=FastSelect, label=_("Sort by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = active_authorities()  # type: ignore[attr-defined]
        self.fields["category"].label_from_instance = lambda c: c.name  # type: ignore[attr-defined]
        statuses = [(s, label) for s, label in Problem.Status.choices if s not in ("draft", "removed")]
        self.fields["status"].choices = [("", _("Any status")), ("overdue", _("overdue now")), *statuses]  # type: ignore[attr-defined]
        self.fields["answer"].choices = [("", _("Any")), *Answer.Kind.choices]  # type: ignore[attr-defined]
        self.fields["sort"].choices = [  # type: ignore[attr-defined]
            ("new", _("newest")),
            ("supported", _("most supported")),
            ("overdue", _("longest overdue")),
        ]
        for name in ("status", "answer", "sort"):
            self.fields[name].error_messages["invalid_choice"] = _("This is not one of the choices.")

    def filters(self) -> ProblemFilters:
        data = self.cleaned_data
        return ProblemFilters(
            place=data.get("place"),
            authority_id=data["authority"].pk if data.get("authority") else None,
            category_id=data["category"].pk if data.get("category") else None,
            status=data.get("status") or "",
            answer_kind=data.get("answer") or "",
            query=data.get("q") or "",
            sort=data.get("sort") or "new",
        )


class AppealForm(forms.Form):
    authority = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("Authority"),
        queryset=Authority.objects.none(),
        to_field_name="slug",
        error_messages={"required": _("Choose the authority."), "invalid_choice": _("There is no such authority.")},
    )
    delivery = forms.ChoiceField(label=_("How is it sent?"), choices=Appeal.Delivery.choices, widget=forms.RadioSelect)
    signed = forms.BooleanField(
        label=_("If Dauys e-mails it: add my name and address (only the authority sees them)"),
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("If you sent it yourself: how?"),
        choices=Appeal.Channel.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose how you sent it.")},
    )
    registration_number = forms.CharField(label=_("Registration number"), required=False, max_length=100)
    registered_on = forms.DateField(
        label=_("Registered on"),
        required=False,
        widget=IsoDateInput(),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    scans = ScansField(label=_("Scan of the appeal as registered"), help_text=SCANS_HELP, required=False)
    scans_visibility = ScansVisibilityField(required=False)
    auto_escalate = forms.BooleanField(
        label=_("If it is overdue, complain to the higher body automatically"), required=False
    )

    def __init__(self, *args: Any, can_sign: bool = False, sign_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = active_authorities()  # type: ignore[attr-defined]
        if not can_sign:  # no name and address given: the box says so, cannot be ticked, and links to the form
            self.fields["signed"].disabled = True
            self.fields["signed"].help_text = format_html(
                '{} <a href="{}">{}</a>',
                _("You have not given your name and address for appeals yet."),
                sign_url,
                _("Give your name and address (private)"),
            )
        self.initial.setdefault("signed", can_sign)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("delivery") != Appeal.Delivery.DAUYS:
            data["signed"] = False  # sent by the author: they sign it themselves, where they file it
        unsaid = not data.get("channel") and "channel" not in self.errors
        if data.get("delivery") == Appeal.Delivery.RECORDED and unsaid:
            self.add_error("channel", _("Say how you sent it: eOtinish, paper, in person or your own e-mail."))
        if data.get("delivery") == Appeal.Delivery.DAUYS:
            data["channel"] = ""  # Dauys e-mails it: the choice for sending it yourself does not apply
        return data


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of answer is it?"), choices=Answer.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Text of the answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    received_on = forms.DateField(
        label=_("Received on"),
        widget=IsoDateInput(),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    promise_due_on = forms.DateField(
        label=_("If it is a promise: by when?"),
        required=False,
        widget=IsoDateInput(),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    refusal_reason = forms.CharField(
        label=_("If it is a refusal: the reason given"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    redirect_to = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("If it was redirected: to which authority?"),
        queryset=Authority.objects.none(),
        required=False,
        to_field_name="slug",
        error_messages={"invalid_choice": _("There is no such authority.")},
    )
    scans = ScansField(label=_("Scan of the answer"), help_text=SCANS_HELP, required=False)
    scans_visibility = ScansVisibilityField(required=False)

    # What a body calls its own answer: it does not brush itself off, and it redirects on a page of its own.
    BODY_KINDS = (
        Answer.Kind.SUBSTANTIVE, Answer.Kind.PROMISE, Answer.Kind.REFUSAL, Answer.Kind.APOLOGY, Answer.Kind.RESOLVED,
    )  # fmt: skip

    def __init__(self, *args: Any, for_body: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["redirect_to"].queryset = active_authorities()  # type: ignore[attr-defined]
        self.initial.setdefault("received_on", timezone.localdate())
        self.for_body = for_body
        if for_body:
            kind = self.fields["kind"]
            kind.choices = [(k, v) for k, v in Answer.Kind.choices if k in self.BODY_KINDS]  # type: ignore[attr-defined]
            kind.label = _("What does the answer do?")
            # Posted today, shown to the applicant first: no date to set, no visibility to choose.
            del self.fields["received_on"]
            del self.fields["scans_visibility"]
            self.fields["text"].help_text = _(
                "Public, under your body's name, with the badge of a verified representative. Write it as you would "
                "sign it; do not repeat the applicant's name or address."
            )
            del self.fields["redirect_to"]


# What an answer form gives ``services.answer_record`` (and ``correspondence``'s ``reply_publish``), named alike.
ANSWER_ARGUMENTS = (
    "kind", "text", "received_on", "promise_due_on", "refusal_reason", "redirect_to", "scans", "scans_visibility",
)  # fmt: skip


def answer_arguments(form: AnswerForm) -> dict[str, Any]:
    """The keyword arguments of the answer a valid answer form describes: those of its fields it has. A body's form
    (``for_body``) has no date, visibility or redirect, which its view sets; the review of a reply by e-mail has no
    upload, its scans being the reply's attachments. One reading for the three views that record an answer, so that
    a field added to the form reaches each of them."""
    return {name: form.cleaned_data[name] for name in ANSWER_ARGUMENTS if name in form.fields}


class EscalateForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the complaint"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
    registration_number = forms.CharField(label=_("Registration number of the complaint"), max_length=100)
    registered_on = forms.DateField(
        label=_("Registered on"),
        widget=IsoDateInput(),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )


DATE_ERRORS = {"invalid": _("Enter a date as YYYY-MM-DD.")}


class ExtendForm(forms.Form):
    until = forms.DateField(
        label=_("New deadline"),
        widget=IsoDateInput(),
        error_messages={**DATE_ERRORS, "required": _("Give the new deadline.")},
    )
    decided_on = forms.DateField(
        label=_("Date of the decision to extend"), required=False, widget=IsoDateInput(), error_messages=DATE_ERRORS
    )
    reason = forms.CharField(label=_("Reason given"), required=False, max_length=2000)


class RedirectForm(forms.Form):
    """The body sends the appeal on to the competent body (APPK Art. 65(1)): an answer of the kind "redirect"."""

    redirect_to = forms.ModelChoiceField(
        widget=FastSelect,
        label=_("The competent authority"),
        queryset=Authority.objects.none(),
        to_field_name="slug",
        error_messages={
            "required": _("Choose the authority the appeal goes on to."),
            "invalid_choice": _("There is no such authority."),
        },
    )
    text = forms.CharField(
        label=_("Note to the applicant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        help_text=_("Public: why the other body is competent. APPK Art. 65(1) asks for this within 3 working days."),
        error_messages={"required": _("Say why the other body is competent.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["redirect_to"].queryset = active_authorities()  # type: ignore[attr-defined]


class WorkStartedForm(forms.Form):
    note = forms.CharField(
        label=_("What is being done (public, optional)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class RegistrationForm(forms.Form):
    number = forms.CharField(
        label=_("Registration number"),
        max_length=100,
        error_messages={"required": _("Give the registration number the authority assigned.")},
    )
    registered_on = forms.DateField(
        label=_("Registered on"),
        widget=IsoDateInput(),
        error_messages={**DATE_ERRORS, "required": _("Give the date the appeal was registered.")},
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Who handles it"),
        queryset=Authority.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
        error_messages={"invalid_choice": _("Choose a verified representative of the same authority.")},
    )

    def __init__(self, *args: Any, colleagues: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = colleagues  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.public_name  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What shows it is not fixed?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
