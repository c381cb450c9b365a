from django.urls import path

from dauys.problems import inbox_views, views

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
    # A body's inbox (problems.inbox), for its verified representatives.
    path("inbox/", inbox_views.index, name="inbox"),
    path("inbox/appeals/<int:pk>/", inbox_views.appeal, name="inbox_appeal"),
    path("inbox/appeals/<int:pk>/answer/", inbox_views.answer, name="inbox_answer"),
    path("inbox/appeals/<int:pk>/redirect/", inbox_views.redirect_to, name="inbox_redirect"),
    path("inbox/appeals/<int:pk>/extend/", inbox_views.extend, name="inbox_extend"),
    path("inbox/appeals/<int:pk>/work-started/", inbox_views.work_started, name="inbox_work_started"),
    path("inbox/appeals/<int:pk>/registration/", inbox_views.registration, name="inbox_registration"),
    path("inbox/appeals/<int:pk>/assign/", inbox_views.assign, name="inbox_assign"),
    path("inbox/<slug:slug>/", inbox_views.body, name="inbox_body"),
]
