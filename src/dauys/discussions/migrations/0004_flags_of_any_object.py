from django.db import migrations, models


def name_by_key(apps, schema_editor):
    """Every flag keeps its comment, now named by key."""
    Flag = apps.get_model("discussions", "Flag")
    Flag.objects.update(target=models.functions.Concat(models.Value("comment:"), models.F("comment_id"),
                                                        output_field=models.CharField()))


def back_to_comments(apps, schema_editor):
    Flag = apps.get_model("discussions", "Flag")
    for flag in Flag.objects.filter(target__startswith="comment:").iterator():
        flag.comment_id = int(flag.target.split(":", 1)[1])
        flag.save(update_fields=["comment"])
    Flag.objects.exclude(target__startswith="comment:").delete()  # flags of other kinds had no place before


class Migration(migrations.Migration):

    dependencies = [
        ('discussions', '0003_fewer_comment_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='flag',
            name='target',
            field=models.CharField(default='', max_length=120),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='flag',
            name='comment',
            field=models.ForeignKey(null=True, on_delete=models.CASCADE, related_name='flags', to='discussions.comment'),
        ),
        migrations.RunPython(name_by_key, back_to_comments),
        migrations.RemoveConstraint(model_name='flag', name='discussions_one_flag_per_person'),
        migrations.RemoveIndex(model_name='flag', name='discussions_open_flags'),
        migrations.RemoveField(model_name='flag', name='comment'),
        migrations.AddConstraint(
            model_name='flag',
            constraint=models.UniqueConstraint(fields=('target', 'user'), name='discussions_one_flag_a_person'),
        ),
        migrations.AddIndex(
            model_name='flag',
            index=models.Index(fields=['resolved_at', 'target'], name='discussions_open_flags_by_key'),
        ),
    ]
