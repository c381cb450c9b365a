"""The pages of a body's inbox (``problems.inbox``), for its verified representatives.

Every page is personal and never stored (``never_cache``): it may show an applicant's name and address, which the
applicant sent to the body and to no one else. A representative acts only for their own body; the appeals of the
bodies below it they may read. Whoever else asks is told so, with a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dauys.accounts.models import User
from dauys.accounts.selectors import applicant_of, signed_in
from dauys.authorities.models import Authority
from dauys.core.forms import apply_errors
from dauys.problems import inbox, services
from dauys.problems.forms import (
    AnswerForm,
    AssignForm,
    ExtendForm,
    RedirectForm,
    RegistrationForm,
    WorkStartedForm,
    answer_arguments,
)
from dauys.problems.models import Answer, Appeal, Scan
from dauys.problems.services import scans
from dauys.problems.states import TransitionError


def _refused(request: HttpRequest, authority: Authority) -> HttpResponse:
    return render(request, "problems/inbox/refused.html", {"authority": authority}, status=403)


@login_required
@never_cache
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The bodies the reader answers for; with one, straight to its inbox."""
    bodies = inbox.bodies_of(signed_in(request))
    if len(bodies) == 1:
        return redirect("problems:inbox_body", slug=bodies[0].slug)
    rows = [(body, inbox.counts([body.pk])) for body in bodies]
    return render(request, "problems/inbox/index.html", {"rows": rows}, status=200 if rows else 403)


@login_required
@never_cache
@require_GET
def body(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority, slug=slug)
    if not inbox.represents(signed_in(request), authority):
        return _refused(request, authority)
    show = request.GET.get("show", "open")
    if show not in inbox.SHOWS:
        show = "open"
    with_below = request.GET.get("below") == "1"
    below = inbox.below(authority) if with_below else []
    ids = [authority.pk, *below]
    page = inbox.page(ids, show=show, after=request.GET.get("after", ""))
    context = {
        "authority": authority,
        "show": show,
        "with_below": with_below,
        "has_below": bool(below) or authority.children.exists(),
        "page": page,
        "counts": inbox.counts(ids),
        "next_url": _query(request, after=page.next_cursor) if page.next_cursor else "",
        "first_url": _query(request, after="") if request.GET.get("after") else "",
        "nav": "inbox",
    }
    return render(request, "problems/inbox/body.html", context)


def _query(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return f"?{query.urlencode()}" if query else "?"


def _appeal(request: HttpRequest, pk: int, *, act: bool) -> tuple[Appeal, bool] | HttpResponse:
    """The appeal and whether the reader acts for its body; or the refusal. ``act``: only its body may do this."""
    appeal = get_object_or_404(
        Appeal.objects.select_related("authority__parent", "authority__response_rule", "problem", "assignee").exclude(
            status=Appeal.Status.QUEUED  # not sent yet: the body has not received it
        ),
        pk=pk,
    )
    user = signed_in(request)
    own = inbox.represents(user, appeal.authority)
    if own:
        return appeal, True
    if not act and inbox.represents_any(user, inbox.ancestors_of(appeal.authority)):
        return appeal, False  # a body above it reads, and does not act
    return _refused(request, appeal.authority)


@login_required
@never_cache
@require_GET
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    found = _appeal(request, pk, act=False)
    if isinstance(found, HttpResponse):
        return found
    return _appeal_page(request, *found)


def _appeal_page(request: HttpRequest, appeal: Appeal, own: bool, **forms: object) -> HttpResponse:
    inbox.with_clock([appeal])
    user = signed_in(request)
    answers = list(appeal.answers.select_related("redirect_to").prefetch_related("scans"))
    for answer in answers:
        answer.shown_scans = [s for s in answer.scans.all() if scans.visible_to(s, user)]  # type: ignore[attr-defined]
    context = {
        "appeal": appeal,
        "acts": own,
        "answers": answers,
        "appeal_scans": [s for s in appeal.scans.all() if scans.visible_to(s, user)],
        # The applicant's lines went to this body alone: a body above reads the appeal without them.
        "applicant": applicant_of(appeal.subject_author) if appeal.signed and own else None,
        "extend_form": forms.get("extend_form") or ExtendForm(),
        "work_form": forms.get("work_form") or WorkStartedForm(),
        "registration_form": forms.get("registration_form") or RegistrationForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(colleagues=inbox.colleagues(appeal.authority), initial={"assignee": appeal.assignee_id}),
        "back": reverse("problems:inbox_body", kwargs={"slug": appeal.authority.slug}),
        "nav": "inbox",
    }
    # The form that was sent and refused: its errors head the page, as one summary (and its part stays open).
    context["failed"] = next((f for f in forms.values() if getattr(f, "errors", None)), None)
    status = 400 if context["failed"] is not None else 200
    return render(request, "problems/inbox/appeal.html", context, status=status)


def _as_validation(exc: ValidationError | TransitionError) -> ValidationError:
    """A step the appeal's state no longer allows (a second submission, a stale form) is told, not a 500."""
    if isinstance(exc, ValidationError):
        return exc
    return ValidationError(_("The appeal has moved on meanwhile: this step no longer applies to it."))


def _not_awaiting(request: HttpRequest, appeal: Appeal) -> HttpResponse:
    messages.info(request, _("This appeal no longer awaits your body's answer."))
    return redirect("problems:inbox_appeal", pk=appeal.pk)


def _acted(request: HttpRequest, appeal: Appeal, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("problems:inbox_appeal", pk=appeal.pk)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    found = _appeal(request, pk, act=True)
    if isinstance(found, HttpResponse):
        return found
    appeal, _own = found
    if not appeal.awaits_answer:
        return _not_awaiting(request, appeal)
    form = AnswerForm(request.POST or None, request.FILES or None, for_body=True)
    if request.method == "POST" and form.is_valid():
        arguments = answer_arguments(form) | {
            "received_on": timezone.localdate(),  # posted today: the body does not date its own answer back
            "scans_visibility": Scan.Visibility.ADDRESSEE,  # the applicant decides whether the public sees them
        }
        try:
            services.answer_record(appeal=appeal, actor=signed_in(request), **arguments)
        except (ValidationError, TransitionError) as exc:
            apply_errors(form, _as_validation(exc))
        else:
            return _acted(request, appeal, _("The answer is published on the appeal's page and counts in the record."))
    context = {"form": form, "appeal": appeal, "back": reverse("problems:inbox_appeal", args=[appeal.pk])}
    return render(request, "problems/answer_form.html", context, status=400 if form.errors else 200)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def redirect_to(request: HttpRequest, pk: int) -> HttpResponse:
    found = _appeal(request, pk, act=True)
    if isinstance(found, HttpResponse):
        return found
    appeal, _own = found
    if not appeal.awaits_answer:
        return _not_awaiting(request, appeal)
    form = RedirectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_record(
                appeal=appeal,
                actor=signed_in(request),
                kind=Answer.Kind.REDIRECT,
                text=data["text"],
                received_on=timezone.localdate(),  # the competent body's clock starts today, not earlier
                redirect_to=data["redirect_to"],
            )
        except (ValidationError, TransitionError) as exc:
            apply_errors(form, _as_validation(exc))
        else:
            done = _("The appeal went on to %(authority)s, whose representatives are told.") % {
                "authority": data["redirect_to"].name
            }
            return _acted(request, appeal, done)
    context = {"form": form, "appeal": appeal, "back": reverse("problems:inbox_appeal", args=[appeal.pk])}
    return render(request, "problems/inbox/redirect.html", context, status=400 if form.errors else 200)


def _action(
    request: HttpRequest,
    pk: int,
    slot: str,
    make_form: Callable[[Appeal], Form],
    run: Callable[[Appeal, User, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One of the body's steps from an appeal's page: its form, its service, and the page again with the form's
    errors when it is refused (``slot``: where the page draws that form)."""
    found = _appeal(request, pk, act=True)
    if isinstance(found, HttpResponse):
        return found
    appeal, own = found
    form = make_form(appeal)
    if form.is_valid():
        try:
            run(appeal, signed_in(request), form.cleaned_data)
        except (ValidationError, TransitionError) as exc:
            apply_errors(form, _as_validation(exc))
        except PermissionDenied:
            return _refused(request, appeal.authority)
        else:
            return _acted(request, appeal, done)
    return _appeal_page(request, appeal, own, **{slot: form})


@login_required
@never_cache
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "extend_form",
        lambda appeal: ExtendForm(request.POST),
        lambda appeal, actor, data: services.appeal_extend(
            appeal=appeal, actor=actor, until=data["until"], reason=data["reason"], decided_on=data["decided_on"]
        ),
        _("The extension is recorded; the applicant is told."),
    )


@login_required
@never_cache
@require_POST
def work_started(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "work_form",
        lambda appeal: WorkStartedForm(request.POST),
        lambda appeal, actor, data: services.appeal_work_started(appeal=appeal, actor=actor, note=data["note"]),
        _("The appeal's page says that work has started."),
    )


@login_required
@never_cache
@require_POST
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "registration_form",
        lambda appeal: RegistrationForm(request.POST),
        lambda appeal, actor, data: services.appeal_note_registration(
            appeal=appeal, actor=actor, number=data["number"], registered_on=data["registered_on"]
        ),
        _("The registration number is on the appeal's page."),
    )


@login_required
@never_cache
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        "assign_form",
        lambda appeal: AssignForm(request.POST, colleagues=inbox.colleagues(appeal.authority)),
        lambda appeal, actor, data: services.appeal_assign(appeal=appeal, actor=actor, assignee=data["assignee"]),
        _("Saved: who handles the appeal."),
    )
