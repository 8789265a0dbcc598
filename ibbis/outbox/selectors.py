"""What operators (and health checks, metrics) read about the outbox."""
from django.db.models import Count, Min

from .models import UNSENT, OutboxMessage, OutboxState


def outbox_counts() -> dict[str, int]:
    counts = dict.fromkeys(OutboxState.values, 0)
    for row in OutboxMessage.objects.values("state").annotate(n=Count("pk")).order_by():
        counts[row["state"]] = row["n"]
    return counts


def outbox_oldest_unsent():
    """When the oldest mail not yet sent was written (None when all are out). Dead rows
    count: they are unsent until an operator re-queues them."""
    return OutboxMessage.objects.filter(
        state__in=[*UNSENT, OutboxState.DEAD]
    ).aggregate(oldest=Min("created_at"))["oldest"]
