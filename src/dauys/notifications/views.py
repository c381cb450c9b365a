from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dauys.accounts.models import EMAIL_NOTIFICATIONS, User
from dauys.accounts.selectors import signed_in
from dauys.core.http import back_to
from dauys.notifications import follows
from dauys.notifications.models import Notification
from dauys.notifications.selectors import grouped
from dauys.notifications.services import email_setting_set, follow_set, mark_all_read


class SettingsForm(forms.Form):
    email_notifications = forms.ChoiceField(
        label=gettext_lazy("E-mail me about what I follow"),
        choices=EMAIL_NOTIFICATIONS,
        widget=forms.RadioSelect,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = SettingsForm(request.POST or None, initial={"email_notifications": user.email_notifications})
    if request.method == "POST" and form.is_valid():
        email_setting_set(user=user, email_notifications=form.cleaned_data["email_notifications"])
        messages.success(request, _("Saved."))
        return redirect("notifications:index")
    page = Paginator(Notification.objects.filter(user=user), 30).get_page(request.GET.get("page"))
    groups = grouped(list(page))
    return render(request, "notifications/index.html", {"page": page, "groups": groups, "form": form, "nav": "account"})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    mark_all_read(user=signed_in(request))
    return redirect("notifications:index")


@login_required
@require_POST
def follow(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    """Follow or unfollow any followable object (``notifications.follows``), then go back to the page the button
    was on. Following what is not public says so there; an unknown kind or object is a 404."""
    if kind not in follows.kinds:
        raise Http404
    back = request.POST.get("next", "")
    if not back.startswith("/"):
        found = follows.resolve(f"{kind}:{ref}")
        if found is None:
            raise Http404
        back = found.get_absolute_url()
    try:
        follow_set(user=signed_in(request), target=f"{kind}:{ref}", following=request.POST.get("follow") == "1")
    except ValidationError as exc:  # an author's own draft, or something that went away: nothing public to follow
        messages.error(request, " ".join(exc.messages))
    return back_to(request, back, "/")
