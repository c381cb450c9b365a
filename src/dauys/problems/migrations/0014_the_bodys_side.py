"""The body's side of public control: its inbox (who handles an appeal, when work started, when its registration
number reached Dauys), where an answer came from, and scans that may be shared with the addressee, PDFs among
them. The inbox's two indexes are built by 0016, without blocking writes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def scans_visibility(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("problems", "Scan").objects.filter(public=True).update(visibility="public")


def scans_public(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("problems", "Scan").objects.filter(visibility="public").update(public=True)


def answers_via(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Until now only a verified representative's answer was not copied by the applicant: they posted it on Dauys.
    apps.get_model("problems", "Answer").objects.filter(by_representative=True).update(via="inbox")


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0002_directory_contacts"),
        ("problems", "0013_search_words"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="via",
            field=models.CharField(
                choices=[
                    ("inbox", "in the body's inbox on Dauys"),
                    ("email", "by e-mail to Dauys"),
                    ("author", "copied by the applicant (paper, eOtinish, their own e-mail)"),
                ],
                db_default="author",
                default="author",
                max_length=10,
                verbose_name="received",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assigned to",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="registration_noted_on",
            field=models.DateField(blank=True, null=True, verbose_name="registration number noted on"),
        ),
        migrations.AddField(
            model_name="appeal",
            name="work_started_on",
            field=models.DateField(blank=True, null=True, verbose_name="work started on"),
        ),
        migrations.AddField(
            model_name="scan",
            name="pages",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="scan",
            name="visibility",
            field=models.CharField(
                choices=[
                    ("private", "only the applicant and the moderators"),
                    ("addressee", "also the authority's verified representatives"),
                    ("public", "everyone"),
                ],
                db_default="private",
                default="private",
                max_length=10,
                verbose_name="who sees it",
            ),
        ),
        migrations.RunPython(scans_visibility, scans_public, elidable=True),
        migrations.RemoveField(
            model_name="scan",
            name="public",
        ),
        migrations.RunPython(answers_via, migrations.RunPython.noop, elidable=True),
    ]
