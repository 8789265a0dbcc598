#!/usr/bin/env python3
"""The restore drill (docs/operations.md, Backups): prove a backup can be restored.

    .venv/bin/python ops/restore_drill.py                       # seeds its own source
    .venv/bin/python ops/restore_drill.py --source ibbis_prod   # drill a real database

1. The source: an existing database (--source, only read), or a fresh one it creates,
   migrates and seeds (seed_demo, plus an access-log entry and an authentication event so the
   append-only tables are not empty).
2. `pg_dump --format=custom` of the source, as the nightly backup takes it.
3. A fresh database, `pg_restore --exit-on-error` into it, then `manage.py migrate` (the
   code being deployed meets the restored schema) and `migrate --check`.
4. Checks: every table's row count equals the source's; every sequence is at least the
   source's; the append-only triggers on the access log and the authentication trail exist,
   are enabled and really refuse an UPDATE and a DELETE.
5. Drops every database it created (also on failure), keeps nothing but its report.

Exit 0 when every check holds, 1 otherwise. Needs pg_dump, pg_restore and PostgreSQL at
--server (default postgres://postgres@127.0.0.1:5432, as in CI).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
APPEND_ONLY = {
    "trust_accesslogentry": "trust_access_log_append_only",
    "accounts_authevent": "accounts_authevent_append_only",
}
SEED_APPEND_ONLY = """
from coordination.models import Case
from ibbis.accounts import events
from ibbis.accounts.models import AuthEventKind
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record
case = Case.objects.select_related("care_manager").first()
access_log_record(actor=case.care_manager, case=case, action=AccessAction.CASE_VIEWED,
                  object_type="case")
events.record(kind=AuthEventKind.values[0], user=case.care_manager)
"""


def connect(url):
    return psycopg.connect(url, autocommit=True)


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "ibbis.settings.dev", "DEBUG": "false"}
    env.pop("REDIS_URL", None)  # tasks eager, nothing queued on anyone's broker
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def table_counts(url):
    with connect(url) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {table: connection.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in tables}


def sequences(url):
    with connect(url) as connection:
        return dict(connection.execute(
            "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences "
            "WHERE schemaname = 'public'").fetchall())


def append_only_refuses(url, table, trigger) -> list[str]:
    """Problems with the append-only guard of `table` (empty: it holds)."""
    problems = []
    with connect(url) as connection:
        enabled = connection.execute(
            "SELECT t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = %s AND t.tgname = %s AND NOT t.tgisinternal", [table, trigger]
        ).fetchone()
        if enabled is None:
            return [f"{table}: trigger {trigger} missing"]
        if enabled[0] != "O":
            problems.append(f"{table}: trigger {trigger} not enabled ({enabled[0]})")
        row = connection.execute(
            sql.SQL("SELECT id FROM {} LIMIT 1").format(sql.Identifier(table))).fetchone()
        if row is None:
            return [*problems, f"{table}: empty, the trigger could not be tried"]
        for statement in ("UPDATE {} SET id = id WHERE id = %s", "DELETE FROM {} WHERE id = %s"):
            try:
                with connection.transaction():
                    connection.execute(sql.SQL(statement).format(sql.Identifier(table)), [row[0]])
                    problems.append(f"{table}: {statement.split()[0]} was allowed")
                    raise psycopg.Rollback()
            except psycopg.errors.InsufficientPrivilege:
                pass
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=os.environ.get(
        "DRILL_SERVER", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--source", help="an existing database to dump (only read)")
    parser.add_argument("--cases", type=int, default=20, help="cases to seed (own source)")
    args = parser.parse_args(argv)

    tag = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
    created = []
    source = args.source or f"ibbis_drill_src_{tag}"
    target = f"ibbis_drill_restore_{tag}"
    source_url, target_url = f"{args.server}/{source}", f"{args.server}/{target}"
    problems = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ibbis-drill-") as work:
        dump = Path(work) / "backup.dump"
        try:
            with connect(f"{args.server}/postgres") as connection:
                if not args.source:
                    connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(source)))
                    created.append(source)
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
                created.append(target)
            if not args.source:
                manage(source_url, "migrate", "--noinput", "-v0")
                manage(source_url, "seed_demo", "--cases", str(args.cases))
                manage(source_url, "shell", "-c", SEED_APPEND_ONLY)
            print(f"drill: source {source}, restore into {target}")

            subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump),
                            source_url], check=True)
            print(f"drill: pg_dump {dump.stat().st_size} bytes")
            subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname",
                            target_url, str(dump)], check=True)
            manage(target_url, "migrate", "--noinput", "-v0")
            manage(target_url, "migrate", "--check", "-v0")
            print("drill: restored and migrated")

            before, after = table_counts(source_url), table_counts(target_url)
            for table, count in before.items():
                if after.get(table) != count:
                    problems.append(f"{table}: {count} rows in the source, "
                                    f"{after.get(table)} restored")
            print(f"drill: {len(before)} tables, {sum(before.values())} rows compared")
            for name in ("trust_accesslogentry", "accounts_authevent", "coordination_case"):
                print(f"drill:   {name}: {before.get(name)} -> {after.get(name)}")
            source_sequences, target_sequences = sequences(source_url), sequences(target_url)
            for name, value in source_sequences.items():
                if target_sequences.get(name, -1) < value:
                    problems.append(f"sequence {name}: {value} in the source, "
                                    f"{target_sequences.get(name)} restored")
            for table, trigger in APPEND_ONLY.items():
                problems += append_only_refuses(target_url, table, trigger)
            print(f"drill: append-only triggers checked on {', '.join(APPEND_ONLY)}")
        except (RuntimeError, subprocess.CalledProcessError, psycopg.Error) as error:
            problems.append(f"drill failed: {error}")
        finally:
            with connect(f"{args.server}/postgres") as connection:
                for name in reversed(created):
                    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)))
            print(f"drill: dropped {', '.join(created) or 'nothing'}")
    elapsed = time.monotonic() - started
    if problems:
        print(f"RESTORE DRILL FAILED after {elapsed:.1f} s:", *problems, sep="\n  ")
        return 1
    print(f"restore drill passed in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
