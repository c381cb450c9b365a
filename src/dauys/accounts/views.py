from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from dauys.accounts import selectors, services
from dauys.accounts.forms import ApplicantForm, DeleteAccountForm, DisplayNameForm
from dauys.accounts.models import Applicant, ApplicantDetails, User
from dauys.core.http import back_to
from dauys.pages.cache import shared_page


@login_required
@never_cache
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/profile.html",
        {
            "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
            "applicant": selectors.applicant_of(user) is not None,
            "nav": "account",
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def name_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DisplayNameForm(request.POST or None, user=user, initial={"display_name": user.display_name})
    if request.method == "POST" and form.is_valid():
        services.display_name_change(user=user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("Your public name is now “%(name)s”.") % {"name": user.display_name})
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/name_change.html",
        {"form": form, "nav": "account"},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
@sensitive_post_parameters("full_name", "iin", "postal_address", "email")
@require_http_methods(["GET", "POST"])
def applicant(request: HttpRequest) -> HttpResponse:
    """The citizen's real name and address for appeals: give them, change them, delete them."""
    user: User = request.user  # type: ignore[assignment]
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and "delete" in request.POST:
        if services.applicant_delete(user=user):
            messages.success(request, _("Your name and address are deleted. Appeals already sent keep them."))
        return back_to(request, wanted, reverse("accounts:profile"))
    current = selectors.applicant_of(user)
    # Kept but unreadable (the instance's secret key changed): the citizen gives them again, or deletes the row.
    unreadable = current is None and Applicant.objects.filter(user=user).exists()
    form = ApplicantForm(request.POST or None, initial=current.as_dict() if current else None)
    if request.method == "POST" and form.is_valid():
        services.applicant_save(user=user, details=ApplicantDetails(**form.cleaned_data))
        messages.success(request, _("Saved. Only the authorities you send an appeal to will see them."))
        return back_to(request, wanted, reverse("accounts:profile"))
    return render(
        request,
        "accounts/applicant.html",
        {"form": form, "current": current, "unreadable": unreadable, "next": wanted, "nav": "account"},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(user=request.user)  # type: ignore[arg-type]
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="dauys-personal-data.json"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=user)
        logout(request)
        messages.success(
            request, _("Your account has been deleted. Your public contributions now read “deleted user”.")
        )
        return redirect("web:home")
    return render(request, "accounts/delete.html", {"form": form, "nav": "account"}, status=400 if form.errors else 200)


@shared_page
@require_GET
def person(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True, deleted_at__isnull=True)
    return render(request, "accounts/person.html", {"person": person})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The account's API tokens: make one (its secret is shown once, on this response only), revoke one."""
    from django.core.exceptions import ValidationError

    from dauys.accounts.models import ApiToken

    user: User = request.user  # type: ignore[assignment]
    errors: dict[str, list[str]] = {}
    secret = None
    status = 200
    if request.method == "POST":
        if "revoke" in request.POST:
            token_id = request.POST.get("revoke", "")
            if token_id.isdigit() and services.api_token_revoke(user=user, token_id=int(token_id)):
                messages.success(request, _("The token is revoked: it no longer works."))
                return redirect("accounts:tokens")
            errors = {"revoke": [_("There is no such token of yours.")]}
            status = 400
        else:
            try:
                _token, secret = services.api_token_create_own(user=user, name=request.POST.get("name", "")[:80])
            except ValidationError as exc:
                errors, status = exc.message_dict, 400
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at"),
            "secret": secret,
            "errors": errors,
            "name": request.POST.get("name", "") if errors else "",
            "nav": "account",
        },
        status=status,
    )
