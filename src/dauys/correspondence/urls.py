from django.urls import path

from dauys.correspondence import views

app_name = "correspondence"
urlpatterns = [
    path("replies/<int:pk>/", views.review, name="review"),
    path("replies/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("replies/<int:pk>/attachments/<int:index>", views.attachment, name="attachment"),
]
