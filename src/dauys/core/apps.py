from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dauys.core"
    label = "core"

    def ready(self) -> None:
        from dauys.core import seams

        # Each app plugs itself into the shared machinery through its seam modules (subscribers, tasks, ...).
        seams.discover()

        from django.db.backends.signals import connection_created

        connection_created.connect(_sqlite_collations, dispatch_uid="dauys.core.collations")


def _sqlite_collations(sender: object, connection: Any, **kwargs: object) -> None:
    if connection.vendor == "sqlite":
        from dauys.core.collation import register_sqlite

        register_sqlite(connection.connection)
