"""The operators' routing table: which authority a problem of a category, in a place, is suggested to go to."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dauys.accounts.selectors import signed_in
from dauys.problems import services
from dauys.problems.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "place", "authority"]
    list_filter = ["category"]
    search_fields = ["place__slug", "authority__slug", "authority__name_en", "authority__name_ru", "authority__name_kk"]
    autocomplete_fields = ["place", "authority"]
    list_select_related = ["category", "place", "authority"]

    # Every edit goes through the service: it is public and becomes a leaf of the ledger.
    def save_model(self, request: HttpRequest, obj: RoutingRule, form: Any, change: bool) -> None:
        services.routing_rule_save(rule=obj, actor=signed_in(request))

    def delete_model(self, request: HttpRequest, obj: RoutingRule) -> None:
        services.routing_rule_delete(rule=obj, actor=signed_in(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for rule in queryset:
            services.routing_rule_delete(rule=rule, actor=signed_in(request))
