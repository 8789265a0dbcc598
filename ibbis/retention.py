"""The one way rows leave an append-only log (the access log, the authentication trail).

On PostgreSQL those tables have triggers that refuse UPDATE and DELETE unless the
transaction has set `ibbis.retention`; the querysets refuse both through the ORM except
through their `_purge()`. Every retention path (the nightly purges, pseudonymisation) deletes
through `purge_append_only`, which opens the way for exactly this delete and closes it again,
so the rest of the transaction stays guarded.
"""
from django.db import connection, transaction


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
