"""Settings of the Celery worker and beat processes the fault tests start: the test database
(DATABASE_URL), the test's own Redis as broker and cache, its SMTP sink, and short outbox
timings so that hours of backoff fit in seconds."""
import os
from datetime import timedelta

from ibbis.settings.test import *  # noqa: F403
from ibbis.settings.test import OUTBOX

REDIS_URL = os.environ["FAULT_REDIS_URL"]
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {"default": {"BACKEND": "ibbis.cache.FallbackRedisCache", "LOCATION": REDIS_URL,
                      "KEY_PREFIX": "ibbis-faults",
                      "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["FAULT_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_USE_SSL = False
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 5

OUTBOX = {
    **OUTBOX,
    "retry_base_seconds": float(os.environ.get("FAULT_RETRY_BASE_SECONDS", "1")),
    "retry_max_seconds": float(os.environ.get("FAULT_RETRY_MAX_SECONDS", "4")),
    "max_attempts": 1000,
    "stale_claim_seconds": float(os.environ.get("FAULT_STALE_CLAIM_SECONDS", "3")),
    "time_budget_seconds": 20,
    # Small batches, so that two workers take turns within one delivery.
    "batch_size": int(os.environ.get("FAULT_BATCH_SIZE", "5")),
}
CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE = {
    "outbox-redrive": {
        "task": "ibbis.outbox.tasks.outbox_deliver",
        "schedule": timedelta(seconds=1),
        "options": {"expires": 1},
    },
}
# tests/faults/test_scale_out.py: each beat also sends the daily sweep every few seconds,
# so two beats send it many times over (it must still mail each reminder once).
if os.environ.get("FAULT_SWEEP_SECONDS"):
    CELERY_BEAT_SCHEDULE["sweep"] = {
        "task": "coordination.tasks.sweep_deadlines",
        "schedule": timedelta(seconds=float(os.environ["FAULT_SWEEP_SECONDS"])),
        "options": {"expires": 2},
    }
