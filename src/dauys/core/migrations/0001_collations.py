"""The collations that order names alphabetically in each language (dauys.core.collation). PostgreSQL gets them
from ICU; SQLite registers them in Python on every connection, so there is nothing to do there."""

from django.db import migrations

LOCALES = {"dauys_kk": "kk", "dauys_ru": "ru", "dauys_en": "en"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, locale in LOCALES.items():
        schema_editor.execute(f'CREATE COLLATION IF NOT EXISTS "{name}" (provider = icu, locale = \'{locale}\')')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in LOCALES:
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop, elidable=False)]
