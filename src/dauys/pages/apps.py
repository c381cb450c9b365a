from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "dauys.pages"
    label = "pages"
