from django.db import migrations, models

RULES = [
    ("spam", "spam or advertising"),
    ("abuse", "abuse or threats"),
    ("personal_data", "personal data of others"),
    ("off_topic", "off-topic"),
    ("illegal", "illegal content"),
]


def name_by_key(apps, schema_editor):
    """Every appeal keeps its comment, now named by key, and the rule the comment was hidden for."""
    RemovalAppeal = apps.get_model("discussions", "RemovalAppeal")
    for appeal in RemovalAppeal.objects.select_related("comment").iterator():
        appeal.target = f"comment:{appeal.comment_id}"
        appeal.rule = appeal.comment.hidden_rule
        appeal.save(update_fields=["target", "rule"])


def back_to_comments(apps, schema_editor):
    RemovalAppeal = apps.get_model("discussions", "RemovalAppeal")
    RemovalAppeal.objects.exclude(target__startswith="comment:").delete()  # other kinds had no appeals before
    for appeal in RemovalAppeal.objects.iterator():
        appeal.comment_id = int(appeal.target.split(":", 1)[1])
        appeal.save(update_fields=["comment"])


class Migration(migrations.Migration):

    dependencies = [
        ("discussions", "0004_flags_of_any_object"),
    ]

    operations = [
        migrations.AddField(
            model_name="removalappeal",
            name="target",
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name="removalappeal",
            name="rule",
            field=models.CharField(blank=True, max_length=20, choices=RULES, default=""),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="removalappeal",
            name="comment",
            field=models.OneToOneField(
                null=True, on_delete=models.CASCADE, related_name="removal_appeal", to="discussions.comment"
            ),
        ),
        migrations.RunPython(name_by_key, back_to_comments),
        migrations.RemoveField(model_name="removalappeal", name="comment"),
        migrations.AlterField(
            model_name="removalappeal",
            name="target",
            field=models.CharField(max_length=120, unique=True),
        ),
        migrations.AlterField(
            model_name="removalappeal",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("pending", "waiting for a moderator"),
                    ("restored", "it was restored"),
                    ("upheld", "the removal was upheld"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
    ]
