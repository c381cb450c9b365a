from django.urls import path

from dauys.accountability import views

app_name = "accountability"
urlpatterns = [
    path("scorecards/", views.rankings, name="rankings"),
    path("scorecards/compare/", views.compare, name="compare"),
    path("scorecards/<slug:scope>/<slug:slug>/<slug:figure>/", views.behind, name="behind"),
    path("authorities/<slug:slug>/scorecard/", views.authority_scorecard, name="authority"),
    path("places/<slug:slug>/scorecard/", views.place_scorecard, name="place"),
    path("reports/", views.report_archive, name="reports"),
    path("reports/subscriptions/", views.subscriptions, name="subscriptions"),
    path("reports/<str:kind>/<str:key>.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<str:kind>/<str:key>/<slug:place>.pdf", views.report_pdf, name="report_place_pdf"),
    path("reports/<str:kind>/<str:key>/", views.report_detail, name="report"),
    path("reports/<str:kind>/<str:key>/<slug:place>/", views.report_detail, name="report_place"),
]
