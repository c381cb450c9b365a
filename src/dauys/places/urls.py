from django.urls import path

from dauys.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("outlines.geojson", views.outlines_geojson, name="outlines"),
    path("locate.json", views.locate, name="locate"),
    path("search.json", views.search, name="search"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/record/", views.record, name="record"),
]
