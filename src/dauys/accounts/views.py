from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dauys.accounts import selectors, services
from dauys.accounts.forms import DeleteAccountForm, DisplayNameForm
from dauys.accounts.models import User


@login_required
@never_cache
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
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


@require_GET
def person(request: HttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(User, username=username, is_active=True, deleted_at__isnull=True)
    return render(request, "accounts/person.html", {"person": person})
