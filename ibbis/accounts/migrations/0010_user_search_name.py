"""Name search (issue 20): the folded name column, filled for existing accounts, and on
PostgreSQL the pg_trgm extension with a GIN trigram index on it, so `LIKE '%word%'` over a
million accounts reads the index (ibbis/accounts/names.py). SQLite keeps the column and
searches it with LIKE, unindexed."""
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from ibbis.accounts.names import search_name_of

CHUNK = 5000


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    batch = []
    for pk, first, last in (
        User.objects.exclude(first_name="", last_name="").order_by()
        .values_list("pk", "first_name", "last_name").iterator(chunk_size=CHUNK)
    ):
        batch.append(User(pk=pk, search_name=search_name_of(first, last)))
        if len(batch) >= CHUNK:
            User.objects.bulk_update(batch, ["search_name"])
            batch = []
    if batch:
        User.objects.bulk_update(batch, ["search_name"])


def index_forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS user_search_name_trgm ON accounts_user "
            "USING gin (search_name gin_trgm_ops)"
        )


def index_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS user_search_name_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_user_managers_index'),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name='user',
            name='search_name',
            field=models.CharField(blank=True, default='', editable=False, max_length=320),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(index_forwards, index_backwards),
    ]
