"""Each appeal's own reply address (its unguessable token; existing appeals get one, in batches), and the day a
reply by e-mail reached it."""

import base64
import secrets

from django.conf import settings
from django.db import migrations, models

import dauys.problems.models

BATCH = 2000


def tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    Appeal = apps.get_model("problems", "Appeal")
    while True:
        ids = list(Appeal.objects.filter(reply_token="").order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        found = [
            Appeal(pk=pk, reply_token=base64.b32encode(secrets.token_bytes(13)).decode().lower()[:20]) for pk in ids
        ]
        Appeal.objects.bulk_update(found, ["reply_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("problems", "0014_the_bodys_side"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="reply_received_on",
            field=models.DateField(blank=True, null=True, verbose_name="reply received on"),
        ),
        migrations.AddField(
            model_name="appeal",
            name="reply_token",
            field=models.CharField(
                db_default="", default=dauys.problems.models.new_reply_token, editable=False, max_length=32
            ),
        ),
        migrations.RunPython(tokens, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="appeal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reply_token", ""), _negated=True),
                fields=("reply_token",),
                name="problems_appeal_reply_token_unique",
            ),
        ),
    ]
