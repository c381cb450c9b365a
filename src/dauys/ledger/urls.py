from django.urls import path, re_path

from dauys.ledger import views

app_name = "ledger"
urlpatterns = [
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("key", views.key, name="key"),
    path("keys", views.keys, name="keys"),
    path("witness", views.witness, name="witness"),
    path("entries.json", views.entries, name="entries"),
    path("proof/inclusion.json", views.inclusion, name="inclusion"),
    path("proof/consistency.json", views.consistency, name="consistency"),
    re_path(r"^tile/(?P<path>[\w./]+)$", views.tile, name="tile"),
]
