from django.urls import path

from dauys.ledger import views as ledger_views
from dauys.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/record/", ledger_views.place_record, name="record"),
]
