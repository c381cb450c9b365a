"""The public record's pages (under a language prefix); its machine endpoints are in ``urls``."""

from django.urls import path

from dauys.ledger import views

app_name = "record"
urlpatterns = [
    path("record/", views.overview, name="overview"),
]
