import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "ibbis.settings.production",
    "SECRET_KEY": "x7!kq2#Lm9@vZ4$rT8^wY1&nB6*pH3(cJ5)dF0-gS2+eA7=uQ9_iO4~",
    "ALLOWED_HOSTS": "ibbis.example.dk",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env_overrides, drop=()):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check.
    drop = (*drop, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env_overrides=env, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env_overrides=env, drop=("ALLOWED_HOSTS",))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_embedded_defaults_are_sqlite_and_eager_celery():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.TIME_ZONE, "
        "s.LANGUAGE_CODE)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "ibbis.settings.dev"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    ).stdout.split()
    assert out == ["django.db.backends.sqlite3", "True", "Europe/Copenhagen", "da"]


def test_database_url_and_redis_url_switch_to_postgres_and_a_real_broker():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    )
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "ibbis.settings.dev",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ibbis",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    })
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    ).stdout.split()
    assert out == ["django.db.backends.postgresql", "False", "redis://127.0.0.1:6379/0"]


def test_passwords_are_hashed_with_argon2_outside_tests():
    from ibbis.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
