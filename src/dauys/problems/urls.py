from django.urls import path

from dauys.problems import views

app_name = "problems"
urlpatterns = [
    path("problems/", views.index, name="index"),
    path("problems/new/", views.new, name="new"),
    path("problems/mine/", views.mine, name="mine"),
    path("problems/nearby/", views.nearby, name="nearby"),
    path("problems/map/", views.problem_map, name="map"),
    path("problems/map.json", views.map_points, name="map_points"),
    path("problems/<int:pk>/", views.detail, name="detail"),
    path("problems/<int:pk>/edit/", views.edit, name="edit"),
    path("problems/<int:pk>/publish/", views.publish, name="publish"),
    path("problems/<int:pk>/support/", views.support, name="support"),
    path("problems/<int:pk>/support-instead/<int:other>/", views.support_instead, name="support_instead"),
    path("problems/<int:pk>/follow/", views.follow, name="follow"),
    path("problems/<int:pk>/record/", views.record, name="record"),
    path("problems/<int:pk>/photos/<int:photo>/<str:size>", views.photo, name="photo"),
    path("problems/<int:pk>/status/", views.set_status, name="status"),
    path("problems/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("appeals/<int:pk>/answer/", views.answer, name="answer"),
    path("appeals/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("appeals/<int:pk>/extend/", views.extend, name="extend"),
    path("answers/<int:pk>/judge/", views.judge, name="judge"),
    path("scans/<int:pk>/visibility/", views.scan_visibility, name="scan_visibility"),
    path("fixed/<str:token>/", views.fix, name="fix"),
]
