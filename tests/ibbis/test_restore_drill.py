"""ops/restore_drill.py's trigger check fails a restore that lost the append-only guard.

The whole drill runs in .ci/run after the PostgreSQL suite; here only its judgement is
tried, on a small database of this test's own (dropped after)."""
import importlib
import importlib.util
import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not URL.startswith(("postgres://", "postgresql://")),
                       reason="needs DATABASE_URL on PostgreSQL (the CI PostgreSQL step)"),
]


def drill():
    spec = importlib.util.spec_from_file_location("restore_drill", ROOT / "ops/restore_drill.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def scratch():
    import psycopg

    server = URL.rsplit("/", 1)[0]
    name = f"ibbis_drilltest_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restore_without_the_trigger_fails_and_with_it_passes(scratch):
    import psycopg

    module = drill()
    with psycopg.connect(scratch, autocommit=True) as connection:
        connection.execute("CREATE TABLE trust_accesslogentry (id integer primary key)")
        connection.execute("INSERT INTO trust_accesslogentry VALUES (1)")
    table, trigger = "trust_accesslogentry", "trust_access_log_append_only"
    assert module.append_only_refuses(scratch, table, trigger) == [
        f"{table}: trigger {trigger} missing"]

    migration = importlib.import_module("trust.migrations.0004_access_log_append_only")
    with psycopg.connect(scratch, autocommit=True) as connection:
        for statement in migration.CREATE:
            connection.execute(statement)
    assert module.append_only_refuses(scratch, table, trigger) == []

    with psycopg.connect(scratch, autocommit=True) as connection:
        connection.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    problems = module.append_only_refuses(scratch, table, trigger)
    assert f"{table}: UPDATE was allowed" in problems
    assert any("not enabled" in problem for problem in problems)
