from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dauys.web"
    label = "web"
