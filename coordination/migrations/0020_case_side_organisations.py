"""Each side's organisation stored on the case (issue 20, coordination/case_organisations.py):
the columns, filled from the current holders' accounts in one UPDATE, then their indexes
(built after the fill, which is faster than keeping them up to date row by row)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Case = apps.get_model("coordination", "Case")
    User = apps.get_model("accounts", "User")

    def organisation_of(role):
        return Subquery(
            User.objects.filter(pk=OuterRef(f"{role}_id")).values("organisation_id")[:1]
        )

    Case.objects.update(
        care_manager_organisation=organisation_of("care_manager"),
        employment_consultant_organisation=organisation_of("employment_consultant"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0011_merge_search_name'),
        ('coordination', '0019_merge_companions_and_emergency_access'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='care_manager_organisation',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='case',
            name='employment_consultant_organisation',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['care_manager_organisation', 'next_deadline_due', 'created_at'], name='case_cm_org_list'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['employment_consultant_organisation', 'next_deadline_due', 'created_at'], name='case_ec_org_list'),
        ),
    ]
