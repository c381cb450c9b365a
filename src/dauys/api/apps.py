from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dauys.api"
    label = "api"
