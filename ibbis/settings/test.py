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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Throttle counters must not leak between tests through a shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
