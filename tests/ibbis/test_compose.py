"""docker-compose.yml is the production shape; check it against the code it runs."""
import importlib
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def settings_source():
    return "\n".join(p.read_text() for p in (ROOT / "ibbis" / "settings").glob("*.py"))


def command_of(service):
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else command


def test_the_production_services_are_all_there():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(SERVICES)
    assert SERVICES["postgres"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:7")


def test_every_service_has_a_health_check():
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert "healthcheck" in SERVICES[name], name


def test_web_runs_gunicorn_on_the_real_wsgi_application_after_migrating():
    command = " ".join(command_of("web"))
    assert "migrate" in command
    target = re.search(r"gunicorn\s+(\S+):(\w+)", command)
    module = importlib.import_module(target.group(1))
    assert callable(getattr(module, target.group(2)))


def test_worker_and_beat_point_at_the_real_celery_app():
    for name, verb in (("worker", "worker"), ("beat", "beat")):
        command = command_of(name)
        assert command[0] == "celery" and verb in command
        app_module = command[command.index("-A") + 1]
        module = importlib.import_module(app_module)
        assert module.celery_app.main == "ibbis"


def test_every_variable_the_services_set_is_read_by_the_settings():
    source = settings_source()
    app_services = ("web", "worker", "beat")
    for name in app_services:
        environment = SERVICES[name]["environment"]
        for key in environment:
            if key == "DJANGO_SETTINGS_MODULE":
                assert importlib.util.find_spec(environment[key]) is not None
                continue
            assert f'"{key}"' in source, f"{name} sets {key} but no setting reads it"


def test_the_app_services_use_the_production_settings():
    for name in ("web", "worker", "beat"):
        env = SERVICES[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "ibbis.settings.production"
