"""The applicant's review of a reply that came by e-mail (private until they publish it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dauys.accounts.selectors import signed_in
from dauys.core.forms import apply_errors
from dauys.correspondence import services
from dauys.correspondence.forms import ReviewForm
from dauys.correspondence.models import IncomingMail
from dauys.discussions.services.rules import is_moderator
from dauys.problems.forms import answer_arguments
from dauys.problems.states import TransitionError

APPLICANTS = (IncomingMail.Status.REVIEW, IncomingMail.Status.PUBLISHED, IncomingMail.Status.DISMISSED)
REASONS = {
    "not_a_scan": gettext_lazy("not a scan (only images and PDFs are published)"),
    "active": gettext_lazy("a PDF with scripts or actions: refused"),
    "embedded": gettext_lazy("a PDF with files inside: refused"),
    "encrypted": gettext_lazy("a PDF protected by a password"),
}


def _mail(request: HttpRequest, pk: int) -> IncomingMail:
    """The reply, to its applicant (and the moderators); anyone else gets the same 404 as for none."""
    mail = get_object_or_404(
        IncomingMail.objects.select_related("appeal__problem", "appeal__authority"), pk=pk, appeal__isnull=False
    )
    user = signed_in(request)
    # The applicant sees the replies that reached them; what waits for an operator (it may be about someone else)
    # only the moderators see.
    own = mail.appeal is not None and user.pk == mail.appeal.subject_author_id and mail.status in APPLICANTS
    if not (is_moderator(user) or own):
        raise Http404
    return mail


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    mail = _mail(request, pk)
    parsed = services.parsed_of(mail)
    checked = services.checked_attachments(parsed)
    usable = [(i, a.filename) for i, (a, clean, _reason) in enumerate(checked) if clean is not None]
    initial = {
        "text": parsed.text,
        "received_on": services.sent_on(mail, mail.appeal) if mail.appeal else None,
        "chosen": [i for i, _name in usable],
    }
    user = signed_in(request)
    is_applicant = user.pk == mail.appeal.subject_author_id  # type: ignore[union-attr]
    # The applicant reviews it; a moderator, only once the applicant has left it for 10 working days.
    reviewable = mail.status == IncomingMail.Status.REVIEW and (is_applicant or services.left_unreviewed(mail))
    form = ReviewForm((request.POST or None) if reviewable else None, attachments=usable, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_publish(
                mail=mail, actor=signed_in(request), chosen=form.cleaned_data["chosen"], **answer_arguments(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except TransitionError:
            form.add_error(None, _("The appeal has moved on meanwhile: this step no longer applies to it."))
        else:
            messages.success(request, _("The answer is published, and counts in the body's scorecard."))
            return redirect(mail.appeal.subject_url)  # type: ignore[union-attr]
    context = {
        "mail": mail,
        "parsed": parsed,
        "attachments": [(i, a, clean, REASONS.get(reason, reason)) for i, (a, clean, reason) in enumerate(checked)],
        "form": form,
        "open": reviewable,
        "as_moderator": not is_applicant,
    }
    status = 403 if request.method == "POST" and not reviewable else 400 if form.errors else 200
    return render(request, "correspondence/review.html", context, status=status)


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    mail = _mail(request, pk)
    try:
        services.reply_dismiss(mail=mail, actor=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("correspondence:review", pk=mail.pk)
    messages.success(request, _("Noted: it is not an answer. The appeal's deadline runs again."))
    return redirect(mail.appeal.subject_url)  # type: ignore[union-attr]


@login_required
@never_cache
@require_GET
def attachment(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """An attachment as Dauys would publish it (cleaned), to the applicant; a PDF is a download in a sandbox."""
    mail = _mail(request, pk)
    attachments = services.parsed_of(mail).attachments
    if not 0 <= index < len(attachments):
        raise Http404
    _attachment, clean, _reason = services.checked(attachments[index])  # this one only: cleaning costs
    if clean is None:
        raise Http404
    response = HttpResponse(clean.original, content_type=clean.content_type)
    response["Content-Disposition"] = f'attachment; filename="reply-{mail.pk}-{index + 1}.{clean.extension}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
