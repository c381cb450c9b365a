from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dauys.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its reactions to domain events in its own `subscribers` module, and its background
        # and periodic jobs in `tasks`.
        autodiscover_modules("subscribers")
        autodiscover_modules("tasks")
