"""The test suite: embedded defaults unless DATABASE_URL / REDIS_URL say otherwise."""
from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-insecure-key-1b9d6bcd-bbfd-4b2d-9b5d")
ALLOWED_HOSTS = ["*"]
# Argon2 is deliberately slow; tests hash thousands of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process unless a test deliberately uses the real broker
# (tests/ibbis/test_celery_broker.py turns eager mode off for itself).
CELERY_TASK_ALWAYS_EAGER = True
# The idle sign-out is off (0) here: many tests travel in time past 30 minutes with a signed-in
# client. tests/ibbis/test_sessions.py and tests/e2e/test_two_factor.py turn it on.
SESSION_IDLE_TIMEOUT_MINUTES = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Throttle counters must not leak between tests through a shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# N+1 queries raise in the test suite (issue 9): django-zeal watches every request.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
ZEAL_RAISE = True
# Repeated lookups zeal reports that are not list N+1s (each is a fixed number per request,
# tests/perf pins the list query counts); fix them at the site, then drop the entry:
# - User.get(): opening a case validates the service user, care manager and consultant
#   one by one (coordination/api/cases.py create, coordination/views.py case_open).
# - User.organisation: the case page reads the two professionals' organisations
#   (coordination/views.py _render_case).
# - Session.get(): ibbis/middleware.py reads the session of a request once per test client
#   login in tests that log several people in.
# - Plan.get(): plan_for_case on pages that show the plan and its history together.
ZEAL_ALLOWLIST = [
    {"model": "accounts.User", "field": "get()"},
    {"model": "accounts.User", "field": "organisation"},
    {"model": "sessions.Session", "field": "get()"},
    {"model": "coordination.Plan", "field": "get()"},
]
