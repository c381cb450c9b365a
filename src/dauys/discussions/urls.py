from django.urls import path

from dauys.discussions import views

app_name = "discussions"
urlpatterns = [
    path("discussions/<slug:kind>/<slug:ref>/", views.thread, name="thread"),
    path("discussions/<slug:kind>/<slug:ref>/comment/", views.post, name="post"),
    path("comments/<int:pk>/", views.comment, name="comment"),
    path("comments/<int:pk>/record/", views.record, name="record"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/flag/", views.flag, name="flag"),
    path("comments/<int:pk>/history/", views.history, name="history"),
    path("comments/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("comments/confirm/<str:token>/", views.confirm, name="confirm"),
    path("comments/forget-me/", views.forget_me, name="forget_me"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/comments/<int:pk>/", views.moderate, name="moderate"),
    path("moderation/objects/", views.moderate_object, name="moderate_object"),
    path("moderation/flag/<slug:kind>/<str:ref>/", views.flag_object, name="flag_object"),
    path("moderation/appeal/<slug:kind>/<str:ref>/", views.appeal_object, name="appeal_object"),
    path("moderation/comments/<int:pk>/suspend/", views.suspend, name="suspend"),
    path("moderation/appeals/<int:pk>/", views.decide, name="decide"),
]
