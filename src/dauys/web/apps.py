from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dauys.web"
    label = "web"

    def ready(self) -> None:
        from dauys.web import slots

        slots.autodiscover()
