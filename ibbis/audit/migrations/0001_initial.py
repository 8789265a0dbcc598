"""The access log moves from trust to this app (issue 16, item 6) in Django's state only: the
table `trust_accesslogentry`, its index and its PostgreSQL append-only trigger
(trust/migrations/0004_access_log_append_only.py) stay as they are, so no row is copied and
the trigger never lapses. trust/migrations/0005_access_log_to_audit.py removes the model
from trust's state after this one."""
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("coordination", "0001_initial"),
        ("trust", "0004_access_log_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AccessLogEntry",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False,
                                                primary_key=True, serialize=False)),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("who_name", models.CharField(max_length=300)),
                        ("role", models.CharField(max_length=32)),
                        ("organisation", models.CharField(blank=True, max_length=200)),
                        ("action", models.CharField(max_length=64)),
                        ("object_type", models.CharField(max_length=64)),
                        ("case", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="access_log", to="coordination.case")),
                        ("who", models.ForeignKey(
                            null=True, on_delete=django.db.models.deletion.PROTECT,
                            related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "trust_accesslogentry",
                        "ordering": ["-at"],
                        "indexes": [models.Index(fields=["case", "-at"],
                                                 name="trust_acces_case_id_7db621_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
