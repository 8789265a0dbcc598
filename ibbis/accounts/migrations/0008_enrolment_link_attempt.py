# The newest pending set-up sign-in of an enrolment link (issue 16: the set-up page's GET no
# longer writes a device; the password step's POST records which sign-in may confirm).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_user_phone'),
    ]

    operations = [
        migrations.AddField(
            model_name='enrolmentlink',
            name='attempt',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
    ]
