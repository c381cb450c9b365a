from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from dauys.accounts.selectors import signed_in
from dauys.authorities import services
from dauys.authorities.models import Authority, Representative, ResponseRule


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["verified", "verified_at"]


class HasEmail(admin.SimpleListFilter):
    """Which bodies Dauys can e-mail, and which it cannot until someone finds their published address."""

    title = _("public e-mail address")
    parameter_name = "email"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("missing", _("missing")), ("known", _("known"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Authority]) -> QuerySet[Authority]:
        if self.value() == "missing":
            return queryset.filter(email="")
        if self.value() == "known":
            return queryset.exclude(email="")
        return queryset


class ContactsForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with the header line slug,email,source,checked_on; one body a line."),
    )


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_kk", "name_ru", "name_en", "kind", "place", "parent", "has_email", "is_active"]
    list_filter = [HasEmail, "kind", "is_active", "accepts_complaints"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["place", "parent"]
    inlines = [RepresentativeInline]
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Authority, form: Any, change: bool) -> None:
        services.authority_save(authority=obj, changed=list(form.changed_data), actor=signed_in(request))

    @admin.display(boolean=True, description=_("e-mail"))
    def has_email(self, obj: Authority) -> bool:
        return bool(obj.email)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "import-contacts/",
                self.admin_site.admin_view(self.import_contacts),
                name="authorities_authority_import_contacts",
            )
        ]
        return own + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        missing = Authority.objects.filter(is_active=True, email="").count()
        return super().changelist_view(request, {**(extra_context or {}), "without_email": missing})

    def import_contacts(self, request: HttpRequest) -> HttpResponse:
        """Set public e-mail addresses from a CSV file: all lines or none, each error named with its line."""
        if not self.has_change_permission(request):
            return render(request, "admin/authorities/authority/import_contacts.html", {"refused": True}, status=403)
        form = ContactsForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read(2_000_001)
            try:
                text = raw.decode("utf-8") if len(raw) <= 2_000_000 else None
            except UnicodeDecodeError:
                text = None
            if text is None:
                form.add_error("file", _("Give a UTF-8 CSV file of at most 2 MB."))
            else:
                result = services.contacts_import(text=text, actor=signed_in(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "title": _("Import e-mail addresses"),
        }
        status = 400 if form.errors or (result and result.errors) else 200
        return TemplateResponse(request, "admin/authorities/authority/import_contacts.html", context, status=status)


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "position", "verified", "verified_at"]
    list_filter = ["verified"]
    search_fields = ["user__display_name", "authority__name_en", "authority__name_ru", "authority__name_kk"]
    autocomplete_fields = ["user", "authority"]
    readonly_fields = ["verified", "verified_at"]
    actions = ["verify", "unverify"]

    @admin.action(description=_("Mark as verified"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Representative]) -> None:
        for rep in queryset:
            services.representative_set_verified(representative=rep, verified=True)

    @admin.action(description=_("Withdraw verification"))
    def unverify(self, request: HttpRequest, queryset: QuerySet[Representative]) -> None:
        for rep in queryset:
            services.representative_set_verified(representative=rep, verified=False)


@admin.register(ResponseRule)
class ResponseRuleAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "answer_working_days", "extension_max_months", "count_from_next_day"]
