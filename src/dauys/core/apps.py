from typing import Any

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

        from django.db.backends.signals import connection_created

        connection_created.connect(_sqlite_collations, dispatch_uid="dauys.core.collations")


def _sqlite_collations(sender: object, connection: Any, **kwargs: object) -> None:
    if connection.vendor == "sqlite":
        from dauys.core.collation import register_sqlite

        register_sqlite(connection.connection)
