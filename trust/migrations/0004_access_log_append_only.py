"""PostgreSQL refuses UPDATE and DELETE on the access log (DOMAIN.md, Note scopes: the
service user's record of who looked). DELETE passes only inside a transaction that has set
`SET LOCAL ibbis.retention = 'on'` - the retention service does, nothing else.
TRUNCATE (test flushes) fires no row trigger. Other databases rely on the model guards."""
from django.db import migrations

CREATE = [
    """
CREATE OR REPLACE FUNCTION trust_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('ibbis.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'trust_accesslogentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS trust_access_log_append_only ON trust_accesslogentry",
    """
CREATE TRIGGER trust_access_log_append_only
    BEFORE UPDATE OR DELETE ON trust_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION trust_access_log_append_only()
""",
]

DROP = [
    "DROP TRIGGER IF EXISTS trust_access_log_append_only ON trust_accesslogentry",
    "DROP FUNCTION IF EXISTS trust_access_log_append_only()",
]


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("trust", "0003_default_checklist")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
