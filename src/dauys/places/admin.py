from django.contrib import admin

from dauys.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_kk", "name_ru", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "slug", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["parent"]
