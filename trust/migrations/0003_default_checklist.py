"""The default trust-building checklist of DOMAIN.md, in Danish and English, as the one
global active template (version 1). Managers' edits make new versions; this row stays."""
from django.db import migrations

from trust.checklist_defaults import DEFAULT_ITEMS


def create_default(apps, schema_editor):
    Template = apps.get_model("trust", "ChecklistTemplate")
    Item = apps.get_model("trust", "ChecklistTemplateItem")
    if Template.objects.filter(organisation__isnull=True).exists():
        return
    template = Template.objects.create(organisation=None, version=1, is_active=True)
    Item.objects.bulk_create(
        Item(template=template, phase=phase, position=position, text_da=da, text_en=en)
        for position, (phase, da, en) in enumerate(DEFAULT_ITEMS, start=1)
    )


def remove_default(apps, schema_editor):
    Template = apps.get_model("trust", "ChecklistTemplate")
    Template.objects.filter(organisation__isnull=True, version=1, created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("trust", "0002_trust_features")]

    operations = [migrations.RunPython(create_default, remove_default)]
