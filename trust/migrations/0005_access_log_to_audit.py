"""The access log now belongs to ibbis.audit (issue 16, item 6): trust forgets the model in
Django's state only; the table, its rows and its append-only trigger stay, now under
audit.AccessLogEntry (ibbis/audit/migrations/0001_initial.py)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("trust", "0004_access_log_append_only"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AccessLogEntry")],
            database_operations=[],
        ),
    ]
