"""Mail is configured from one EMAIL_URL (django-environ's email_url): any backend, no code."""
import json

from tests.ibbis.test_settings import PRODUCTION_ENV, manage

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None) "
    "for k in ('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', "
    "'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_FILE_PATH')}))"
)


def mail_settings(**env):
    result = manage("shell", "-c", SHOW, env_overrides={**PRODUCTION_ENV, **env},
                    drop=("EMAIL_URL", "EMAIL_BACKEND"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_email_url_the_defaults_stay():
    settings = mail_settings()
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["EMAIL_HOST"] == "localhost" and settings["EMAIL_PORT"] == 25


def test_an_smtp_url_with_starttls_and_credentials():
    settings = mail_settings(EMAIL_URL="smtp+tls://robot%40ibbis.dk:p%40ss@mail.example.dk:587")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "mail.example.dk" and settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "robot@ibbis.dk"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True


def test_a_console_url():
    settings = mail_settings(EMAIL_URL="consolemail://")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_a_file_url_really_writes_the_mail_there(tmp_path):
    env = {**PRODUCTION_ENV, "EMAIL_URL": f"filemail://{tmp_path}"}
    result = manage("sendtestemail", "ops@example.dk", env_overrides=env, drop=("EMAIL_URL",))
    assert result.returncode == 0, result.stderr
    written = list(tmp_path.iterdir())
    assert len(written) == 1
    assert "To: ops@example.dk" in written[0].read_text()
