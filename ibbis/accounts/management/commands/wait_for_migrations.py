"""Wait until the database is reachable and fully migrated (docker-compose.yml: the worker
and beat start only then, while the web service runs `migrate`)."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations(database="default") -> list[str] | None:
    """Migrations not yet applied, or None when the database cannot be reached."""
    connection = connections[database]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001 - unreachable or starting up: try again
        connection.close()
        return None
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


class Command(BaseCommand):
    help = "Wait until every migration is applied (exit 1 after --timeout seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=300.0)
        parser.add_argument("--interval", type=float, default=2.0)

    def handle(self, *args, timeout, interval, **options):
        deadline = time.monotonic() + timeout
        said = None
        while True:
            pending = pending_migrations()
            if pending == []:
                self.stdout.write("migrations: all applied")
                return
            state = "database unreachable" if pending is None else f"{len(pending)} pending"
            if state != said:
                self.stdout.write(f"waiting for migrations: {state}")
                said = state
            if time.monotonic() >= deadline:
                raise CommandError(f"migrations not applied after {timeout:g} s ({state})")
            time.sleep(interval)
            connections["default"].close()
