"""The initiatives' pages: the list, an initiative, starting and editing one, joining and leaving, its members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dauys.accounts.selectors import signed_in
from dauys.core.forms import apply_errors
from dauys.initiatives import selectors, services
from dauys.initiatives.forms import InitiativeFilterForm, InitiativeForm
from dauys.initiatives.models import Initiative, Membership
from dauys.pages.cache import private_page, shared_page, tag_page


@require_GET
@shared_page
def index(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    status = 200
    if form.is_bound and not form.is_valid():
        found = Initiative.objects.none()
        status = 400
    else:
        place = form.cleaned_data.get("place") if form.is_bound else None
        found = selectors.initiative_list(place=place)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "nav": "initiatives"}
    return render(request, "initiatives/index.html", context, status=status)


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Not a members' shared copy: a reader sees their own controls (join, leave, edit), and a member the list of
    members. A visitor who is signed out gets the stored page, refreshed by the initiative's events."""
    initiative = get_object_or_404(Initiative.objects.prefetch_related("places", "topics"), slug=slug)
    tag_page(request, f"initiative:{initiative.pk}")
    membership = selectors.membership_of(initiative, request.user)
    member = membership is not None and membership.state == Membership.State.ACTIVE
    if membership is not None:
        private_page(request)
    context = {
        "initiative": initiative,
        "membership": membership,
        "member": member,
        "coordinator": member and membership.role == Membership.Role.COORDINATOR,  # type: ignore[union-attr]
        "members": selectors.members(initiative) if member else [],
        "nav": "initiatives",
    }
    return render(request, "initiatives/detail.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(actor=signed_in(request), data=form.data_input())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your initiative is started. Invite people to join it."))
            return redirect(initiative.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "initiatives/form.html", {"form": form, "nav": "initiatives"}, status=status)


def _coordinated(request: HttpRequest, slug: str) -> Initiative:
    initiative = get_object_or_404(Initiative, slug=slug)
    membership = selectors.membership_of(initiative, request.user)
    if membership is None or membership.role != Membership.Role.COORDINATOR or membership.state != "active":
        raise PermissionDenied(_("Only the initiative's coordinators may do this."))
    return initiative


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _coordinated(request, slug)
    form = InitiativeForm(request.POST or None, initial=InitiativeForm.initial_of(initiative))
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(initiative=initiative, actor=signed_in(request), data=form.data_input())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(initiative.get_absolute_url())
    context = {"form": form, "initiative": initiative, "nav": "initiatives"}
    return render(request, "initiatives/form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative, slug=slug)
    membership = services.initiative_join(initiative=initiative, actor=signed_in(request))
    if membership.state == Membership.State.REQUESTED:
        messages.success(request, _("You asked to join. A coordinator will answer your request."))
    else:
        messages.success(request, _("You are a member now."))
    return redirect(initiative.get_absolute_url())


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative, slug=slug)
    services.initiative_leave(initiative=initiative, actor=signed_in(request))
    messages.success(request, _("You are no longer a member."))
    return redirect(initiative.get_absolute_url())


@login_required
@never_cache
@require_GET
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Who the members are: for the members only (the public sees their number)."""
    initiative = get_object_or_404(Initiative, slug=slug)
    return _members_page(request, initiative)


def _members_page(request: HttpRequest, initiative: Initiative, error: str = "") -> HttpResponse:
    membership = selectors.membership_of(initiative, request.user)
    if membership is None or membership.state != Membership.State.ACTIVE:
        raise PermissionDenied(_("Only the initiative's members see who its members are."))
    private_page(request)
    coordinator = membership.role == Membership.Role.COORDINATOR
    context = {
        "initiative": initiative,
        "members": selectors.members(initiative),
        "requests": selectors.requests(initiative) if coordinator else [],
        "coordinator": coordinator,
        "me": membership,
        "error": error,
        "nav": "initiatives",
    }
    return render(request, "initiatives/members.html", context, status=400 if error else 200)


@login_required
@never_cache
@require_POST
def member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator accepts or refuses a request, or changes a member's role."""
    initiative = _coordinated(request, slug)
    target = get_object_or_404(Membership, pk=pk, initiative=initiative)
    action = request.POST.get("action", "")
    try:
        if action in ("accept", "refuse"):
            services.membership_decide(membership=target, actor=signed_in(request), accept=action == "accept")
        elif action in Membership.Role.values:
            services.membership_role(membership=target, actor=signed_in(request), role=action)
        else:
            raise ValidationError(_("Choose what to do."))
    except ValidationError as exc:
        return _members_page(request, initiative, " ".join(exc.messages))
    messages.success(request, _("Saved."))
    return redirect("initiatives:members", slug=initiative.slug)
