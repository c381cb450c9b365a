"""The indexes that read a page of a body's inbox as one range: the open appeals by their effective deadline (with
their status, so that the tabs' counts come from the index alone), and the answered ones, latest first. Built
concurrently on PostgreSQL (``core.schema``): an instance keeps taking appeals and answers while they are built."""

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models

from dauys.core.schema import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("authorities", "0002_directory_contacts"),
        ("problems", "0015_reply_address"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="appeal",
            index=models.Index(
                models.F("authority"),
                django.db.models.functions.comparison.Coalesce("extended_until", "deadline"),
                models.F("id"),
                condition=models.Q(("status__in", ("sent", "extended", "overdue"))),
                include=("status",),
                name="problems_appeal_inbox_open",
            ),
        ),
        AddIndexConcurrently(
            model_name="appeal",
            index=models.Index(
                models.F("authority"),
                models.OrderBy(models.F("answered_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("answered_on__isnull", False)),
                name="problems_appeal_inbox_answered",
            ),
        ),
    ]
