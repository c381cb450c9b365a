"""A photo records where its files are. The photos of published problems stay in the public media; those of drafts
move to the private store, out of reach of any web server, until their problem is published."""

from django.db import migrations, models

SIZES = ("original", "large", "medium", "thumb")


def drafts_to_private(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.core.files.storage import default_storage

    from dauys.core.storage import private_storage

    Photo = apps.get_model("problems", "Photo")
    Photo.objects.exclude(problem__status="draft").update(public=True)
    for photo in Photo.objects.filter(problem__status="draft").iterator():
        _copy(photo, default_storage, private_storage)


def drafts_to_public(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.core.files.storage import default_storage

    from dauys.core.storage import private_storage

    Photo = apps.get_model("problems", "Photo")
    for photo in Photo.objects.filter(public=False).iterator():
        _copy(photo, private_storage, default_storage)


def _copy(photo, source, target):  # type: ignore[no-untyped-def]
    """Each file of ``photo`` from ``source`` to ``target``, the old one deleted once the copy is made."""
    for size in SIZES:
        field = getattr(photo, size)
        if not field.name or not source.exists(field.name):
            continue
        old = field.name
        with source.open(old, "rb") as content:
            field.name = target.save(old, content)
        source.delete(old)
    photo.save(update_fields=list(SIZES))


class Migration(migrations.Migration):
    dependencies = [
        ("problems", "0007_follows_move_to_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="public",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(drafts_to_private, drafts_to_public),
    ]
