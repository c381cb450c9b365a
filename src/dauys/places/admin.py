from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dauys.accounts.selectors import signed_in
from dauys.places import services
from dauys.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_kk", "name_ru", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "slug", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["parent"]

    def save_model(self, request: HttpRequest, obj: Place, form: Any, change: bool) -> None:
        services.place_save(place=obj, changed=list(form.changed_data), actor=signed_in(request))
