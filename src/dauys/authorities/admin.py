from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dauys.accounts.selectors import signed_in
from dauys.authorities import services
from dauys.authorities.models import Authority, Representative, ResponseRule


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["verified", "verified_at"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_kk", "name_ru", "name_en", "kind", "place", "parent", "is_active"]
    list_filter = ["kind", "is_active", "accepts_complaints"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["place", "parent"]
    inlines = [RepresentativeInline]
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Authority, form: Any, change: bool) -> None:
        services.authority_save(authority=obj, changed=list(form.changed_data), actor=signed_in(request))


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
