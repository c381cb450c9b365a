from django.urls import path

from dauys.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accounts/me/", views.profile, name="profile"),
    path("accounts/me/name/", views.name_change, name="name_change"),
    path("accounts/me/applicant/", views.applicant, name="applicant"),
    path("accounts/me/export.json", views.export, name="export"),
    path("accounts/me/tokens/", views.tokens, name="tokens"),
    path("accounts/me/delete/", views.delete, name="delete"),
    path("people/<str:username>/", views.person, name="person"),
]
