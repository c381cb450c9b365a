"""Schema operations for migrations that must not stop a live instance.

``AddIndexConcurrently`` builds an index on PostgreSQL with ``CREATE INDEX CONCURRENTLY``: the table keeps taking
writes while it is built (a plain ``CREATE INDEX`` on two million appeals blocks every new appeal and answer for
the time of the build). PostgreSQL refuses it inside a transaction, so a migration using it sets ``atomic = False``
and holds nothing else that needs one. On SQLite (one writer, and an instance of its size) it is the plain AddIndex.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AddIndexConcurrently(migrations.AddIndex):
    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            # An instance migrated by an earlier draft of its migration may have the index already.
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.index.name)}")
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            # IF NOT EXISTS: a build that failed half-way leaves an invalid index behind, and the rerun replaces it.
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.index.name)}")
            schema_editor.add_index(model, self.index, concurrently=True)
        return None

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)
        return None

    def describe(self) -> str:
        return f"{super().describe()} (concurrently on PostgreSQL)"
