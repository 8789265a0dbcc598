"""Production: configured only by the environment; refuses to start without SECRET_KEY."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# /healthz is probed over plain HTTP by the container orchestrator.
# (ibbis.observability.ProbeMiddleware answers /healthz and /livez before the redirect and
# the host check anyway; this stays for a deployment that reorders the middleware.)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
# JSON log lines for the log collector unless LOG_FORMAT says otherwise.
LOGGING["handlers"]["console"]["formatter"] = (  # noqa: F405
    "text" if env("LOG_FORMAT", default="json") == "text" else "json"
)
# CSP, X-Frame-Options, nosniff, Referrer-Policy and COOP come from base.py (every
# environment); HSTS only here, since it must never be sent by a plain-HTTP dev server.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Persistent database connections (issue 20): opening a PostgreSQL connection per request
# was most of /healthz's time and a few ms of every page; a thread keeps its connection for
# CONN_MAX_AGE seconds, and CONN_HEALTH_CHECKS tests it (one round trip) before reuse in a
# new request, so a connection cut by a restart or a failover is replaced instead of failing
# the request. Each gunicorn thread holds one connection: workers x threads x hosts must stay
# below max_connections, or go through PgBouncer (docs/operations.md, "Connections").
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool(  # noqa: F405
    "CONN_HEALTH_CHECKS", default=True)
# Behind PgBouncer in transaction pooling: consecutive statements of one request may go to
# different server connections, so a named server-side cursor (QuerySet.iterator() on
# PostgreSQL) would be lost between fetches. PGBOUNCER_TRANSACTION_POOLING=true turns them
# off (Django then fetches the whole result client-side in chunks).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(  # noqa: F405
    "PGBOUNCER_TRANSACTION_POOLING", default=False)
