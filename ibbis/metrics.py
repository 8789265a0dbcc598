"""The /metrics exposition (docs/operations.md, Metrics).

Request latency and counts come from django-prometheus' middleware (per process; under
gunicorn with PROMETHEUS_MULTIPROC_DIR set, summed over the workers). The figures below are
read from PostgreSQL and Redis at scrape time, so every worker reports the same truth and
nothing is lost when a worker restarts.
"""
import os

import prometheus_client
import redis
from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily

QUEUE_NAME = "celery"


def _base_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


def _queue_length():
    if not settings.REDIS_URL:
        return None
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.75,
                                  socket_timeout=0.75)
    try:
        return client.llen(QUEUE_NAME)
    except (redis.RedisError, OSError):
        return None
    finally:
        client.close()


class OperationsCollector:
    """Gauges about the daily sweep, unsent notifications, the outbox and the task queue."""

    def collect(self):
        from coordination.models import Notification, SweepRun

        now = timezone.now()
        last = SweepRun.objects.order_by("-finished_at").first()
        success = GaugeMetricFamily(
            "ibbis_sweep_last_success_timestamp_seconds",
            "Unix time the deadline sweep last committed (0: never).")
        success.add_metric([], last.finished_at.timestamp() if last else 0)
        yield success
        age = GaugeMetricFamily(
            "ibbis_sweep_last_success_age_seconds",
            "Seconds since the deadline sweep last committed (absent: never).")
        if last:
            age.add_metric([], (now - last.finished_at).total_seconds())
        yield age
        duration = GaugeMetricFamily(
            "ibbis_sweep_duration_seconds", "How long the last successful sweep took.")
        if last:
            duration.add_metric([], last.duration_seconds)
        yield duration

        unsent = Notification.objects.filter(emailed_at__isnull=True).aggregate(
            count=Count("id"), oldest=Min("created_at"))
        count = GaugeMetricFamily(
            "ibbis_notifications_unsent", "Notifications whose mail has not been sent.")
        count.add_metric([], unsent["count"])
        yield count
        oldest = GaugeMetricFamily(
            "ibbis_notification_unsent_oldest_age_seconds",
            "Age of the oldest notification not yet mailed (0: none waiting).")
        oldest.add_metric(
            [], (now - unsent["oldest"]).total_seconds() if unsent["oldest"] else 0)
        yield oldest

        from ibbis.outbox.selectors import outbox_counts, outbox_oldest_unsent

        by_state = GaugeMetricFamily(
            "ibbis_outbox_messages", "Outbox rows (one mail to one person) by state.",
            labels=["state"])
        for state, n in sorted(outbox_counts().items()):
            by_state.add_metric([state], n)
        yield by_state
        oldest_mail = outbox_oldest_unsent()
        outbox_age = GaugeMetricFamily(
            "ibbis_outbox_oldest_unsent_age_seconds",
            "Age of the oldest mail in the outbox not yet sent, dead ones included (0: none).")
        outbox_age.add_metric([], (now - oldest_mail).total_seconds() if oldest_mail else 0)
        yield outbox_age

        queue = GaugeMetricFamily(
            "ibbis_broker_queue_length",
            "Tasks waiting in the Celery queue on Redis (absent: eager mode or Redis down).")
        length = _queue_length()
        if length is not None:
            queue.add_metric([], length)
        yield queue


def exposition() -> tuple[bytes, str]:
    operations = prometheus_client.CollectorRegistry()
    operations.register(OperationsCollector())
    body = prometheus_client.generate_latest(_base_registry())
    body += prometheus_client.generate_latest(operations)
    return body, prometheus_client.CONTENT_TYPE_LATEST
