"""Where the first answer came from (the body's inbox, an e-mail to Dauys, a copy by the applicant), and the working
days until a body's registration number for an appeal Dauys e-mailed reached Dauys. The figures count them from
now on; ``dauys manage rebuild_stats`` counts the answers recorded before (CHANGELOG: upgrading)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0003_report_subscriptions'),
    ]

    operations = [
        migrations.AddField(
            model_name='appealfact',
            name='answered_via',
            field=models.CharField(blank=True, default='', max_length=10),
        ),
        migrations.AddField(
            model_name='appealfact',
            name='registration_days',
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='tally',
            name='via_author',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='tally',
            name='via_email',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='tally',
            name='via_inbox',
            field=models.IntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='spread',
            name='measure',
            field=models.CharField(choices=[('a', 'working days to answer'), ('r', 'days to resolution'), ('g', "working days to the body's registration number")], max_length=1),
        ),
    ]
