"""Recompute every open case's stored deadlines and projections under issue 14's rules:
follow-up per sygedagpengeloven § 13 b instead of every 28 days, one employer period per
uninterrupted absence, and `reduced_benefit` after a `none` reassessment from 2027-01-01.

It calls the current case_recompute (the rules live in coordination.benefit_rules, plain
Python, not in the historical models), so it must stay the last migration that the
clock's models depend on; a later column on Case is deferred (the two organisation columns
of issue 20), and a later change to a column the recompute reads would make it run against
columns that do not exist yet. Closed cases keep their history as it is.
"""
from django.db import migrations


def recompute(apps, schema_editor):
    from coordination.models import Case
    from coordination.services.clock import case_recompute

    # Columns that later migrations add to Case (issue 20: each side's organisation) do not
    # exist yet here: the current model reads without them, and the recompute never touches
    # them.
    historical = {field.name for field in apps.get_model("coordination", "Case")._meta.fields}
    later = [field.name for field in Case._meta.concrete_fields if field.name not in historical]
    cases = Case.objects.filter(closed_on__isnull=True).defer(*later)
    for case in cases.iterator(chunk_size=500):
        case_recompute(case=case)


class Migration(migrations.Migration):
    # Last: it runs the current recompute code, which reads every column the others add.
    dependencies = [("coordination", "0009_deadline_kinds_merged")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
