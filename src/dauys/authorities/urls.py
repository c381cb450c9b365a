from django.urls import path

from dauys.authorities import views

app_name = "authorities"
urlpatterns = [
    path("", views.index, name="index"),
    path("vertical/", views.vertical, name="vertical"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/record/", views.record, name="record"),
]
