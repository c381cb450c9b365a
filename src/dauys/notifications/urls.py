from django.urls import path

from dauys.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.index, name="index"),
    path("notifications/read/", views.mark_read, name="read"),
    path("follow/<slug:kind>/<str:ref>/", views.follow, name="follow"),
]
