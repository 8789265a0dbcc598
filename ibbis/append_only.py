"""The one way rows leave an append-only log (the access log, the authentication trail).

On PostgreSQL those tables have triggers that refuse UPDATE and DELETE unless the
transaction has set `ibbis.retention`; the querysets refuse both through the ORM except
through their `_purge()`. Every retention path (the nightly purges, pseudonymisation) deletes
through `purge_append_only`, which opens the way for exactly this delete and closes it again,
so the rest of the transaction stays guarded.

Plain infrastructure below every app (issue 16, item 6): the access log (ibbis.audit) and
the authentication trail (ibbis.accounts) use it; pseudonymisation (ibbis.retention, at the
top) deletes through it. The PostgreSQL setting keeps its name `ibbis.retention`.
"""
from django.db import connection, transaction


class AppendOnlyError(Exception):
    """Raised for any attempt to change or remove a row of an append-only log outside
    retention."""


class AppendOnlyQuerySetMixin:
    """Refuses every ORM update and delete of an append-only log; `_purge()` is retention's
    way out, taken only through `purge_append_only`."""

    append_only_rows = "These rows"

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.append_only_rows} cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.append_only_rows} cannot be changed.")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError(f"{self.append_only_rows} cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.append_only_rows} are removed only by retention.")

    delete.queryset_only = True

    def _purge(self):
        return super().delete()


def _set_retention(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ibbis.retention = '{value}'")


def purge_append_only(entries) -> int:
    """Delete the rows of `entries` (an append-only log's queryset); return how many."""
    with transaction.atomic():
        _set_retention("on")
        try:
            deleted, _ = entries._purge()
        finally:
            _set_retention("off")
    return deleted
