"""docker-compose.yml is the production shape; check it against the code it runs.

The static checks run everywhere. `test_the_compose_services_start_and_become_healthy` runs
each app service's command and health check as processes, as the containers would, against
the real PostgreSQL of the CI step (its own database, dropped after) and a redis-server of
its own on a free port: it runs where DATABASE_URL is PostgreSQL and skips elsewhere.
`docker compose config` runs where the compose plugin exists.
"""
import importlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
import yaml

from tests.ibbis.processes import free_port, get, process_env, start, stop, wait_until

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
# What a deployment's .env would hold.
DOT_ENV = {
    "SECRET_KEY": "compose-test-secret-key-" + "k" * 40,
    "ALLOWED_HOSTS": "ibbis.example.dk",
    "POSTGRES_PASSWORD": "compose-test-password",
}


def interpolate(value, variables):
    """Compose's variable interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}, $$."""
    if not isinstance(value, str):
        return value

    def one(match):
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group(1), match.group(2), match.group(3)
        current = variables.get(name, "")
        if op == ":?" and not current:
            raise KeyError(f"{name} is required: {arg}")
        if op == ":-" and not current:
            return interpolate(arg, variables)
        return current

    return re.sub(r"\$\$|\$\{(\w+)(?:(:[-?])([^}]*))?\}", one, value)


def settings_source():
    return "\n".join(p.read_text() for p in (ROOT / "ibbis" / "settings").glob("*.py"))


def command_of(service):
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else command


def shell_script(service):
    """The `sh -c` script of a service's command."""
    command = command_of(service)
    assert command[:2] == ["sh", "-c"], f"{service} runs through sh -c"
    return command[2]


def test_the_production_services_are_all_there():
    assert {"postgres", "redis", "web", "worker", "beat", "proxy"} <= set(SERVICES)
    assert SERVICES["postgres"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:7")
    assert SERVICES["proxy"]["image"].startswith("nginx:")


def test_every_service_has_a_health_check():
    for name in SERVICES:
        assert "healthcheck" in SERVICES[name], name


def test_no_health_check_needs_a_tool_the_slim_image_lacks():
    # python:3.11-slim has no curl, wget, pgrep or ps; the app services check with python or
    # celery only.
    for name in APP_SERVICES:
        test = " ".join(SERVICES[name]["healthcheck"]["test"][1:])
        assert not re.search(r"\b(curl|wget|pgrep|pidof|ps|nc)\b", test), (name, test)
        assert re.match(r"(python|celery) ", test), (name, test)


def test_web_migrates_then_execs_gunicorn_on_the_real_wsgi_application():
    script = shell_script("web")
    assert re.search(r"manage\.py migrate --noinput && exec gunicorn ", script)
    assert "--config deploy/gunicorn.conf.py" in script
    target = re.search(r"gunicorn\s.*?(\S+):(\w+)$", script)
    module = importlib.import_module(target.group(1))
    assert callable(getattr(module, target.group(2)))


def test_worker_and_beat_wait_for_migrations_then_exec_the_real_celery_app():
    for name in ("worker", "beat"):
        script = shell_script(name)
        before, _, celery = script.partition(" && exec ")
        assert before == "python manage.py wait_for_migrations", name
        command = shlex.split(celery)
        assert command[0] == "celery" and name in command
        module = importlib.import_module(command[command.index("-A") + 1])
        assert module.celery_app.main == "ibbis"


def test_every_variable_the_services_set_is_read_by_the_settings():
    source = settings_source()
    for name in APP_SERVICES:
        environment = SERVICES[name]["environment"]
        for key in environment:
            if key == "DJANGO_SETTINGS_MODULE":
                assert importlib.util.find_spec(environment[key]) is not None
                continue
            if key == "PROMETHEUS_MULTIPROC_DIR":  # read by prometheus_client, ibbis/metrics.py
                continue
            assert f'"{key}"' in source, f"{name} sets {key} but no setting reads it"


def test_the_app_services_use_the_production_settings():
    for name in APP_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "ibbis.settings.production"


def test_no_password_is_written_in_the_compose_file():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?" in text
    for name in APP_SERVICES:
        url = SERVICES[name]["environment"]["DATABASE_URL"]
        assert "${POSTGRES_PASSWORD:?" in url
    with pytest.raises(KeyError, match="POSTGRES_PASSWORD"):
        interpolate(SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"], {})


def test_the_image_has_no_test_dependencies_and_collects_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "[test]" not in dockerfile
    assert "pip install --no-cache-dir -c requirements.lock ." in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "USER ibbis" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", ".env", "*.sqlite3"):
        assert entry in ignored


def test_nginx_buffers_and_keeps_the_feed_secret_out_of_its_log():
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_request_buffering on;" in config and "proxy_buffering on;" in config
    assert "client_header_timeout" in config
    assert "$loggable_uri" in config and "$request_uri" not in config.split("log_format")[1]
    assert "server web:8000;" in config
    assert SERVICES["proxy"]["volumes"] == ["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]


def _compose_command():
    """`docker compose` (the plugin) or the standalone `docker-compose`, whichever exists."""
    if shutil.which("docker") and subprocess.run(
            ["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


COMPOSE_CLI = _compose_command()


def compose_config(env):
    clean = {k: v for k, v in os.environ.items() if k not in DOT_ENV}
    return subprocess.run([*COMPOSE_CLI, "config", "--quiet"], cwd=ROOT, capture_output=True,
                          text=True, env={**clean, **env}, timeout=60)


@pytest.mark.skipif(COMPOSE_CLI is None, reason="neither docker compose nor docker-compose here")
def test_docker_compose_config_is_clean():
    result = compose_config(DOT_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


@pytest.mark.skipif(COMPOSE_CLI is None, reason="neither docker compose nor docker-compose here")
def test_docker_compose_refuses_to_start_without_the_required_settings():
    for missing in DOT_ENV:
        result = compose_config({k: v for k, v in DOT_ENV.items() if k != missing})
        assert result.returncode != 0 and missing in result.stderr, missing


# --- the services as processes ---------------------------------------------------------------

def _postgres_url():
    return os.environ.get("DATABASE_URL", "")


needs_postgres = pytest.mark.skipif(
    not _postgres_url().startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL on PostgreSQL (the CI PostgreSQL step)",
)


@pytest.fixture
def own_database():
    """A database of this test's own on the CI PostgreSQL, dropped after."""
    import psycopg

    server = _postgres_url().rsplit("/", 1)[0]
    name = f"ibbis_compose_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own on a free port (no shared db number)."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = start([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                     "--appendonly", "no", "--dir", str(tmp_path)],
                    env=process_env(), log_path=tmp_path / "redis.log")
    try:
        wait_until(lambda: subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0,
            timeout=10, what="redis-server up")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def service_env(name, *, database_url, redis_url, tmp_path, web_port):
    variables = {**DOT_ENV}
    environment = {key: interpolate(value, variables)
                   for key, value in SERVICES[name]["environment"].items()}
    # The compose network's names (postgres, redis) are this machine's servers here.
    environment.update(DATABASE_URL=database_url, REDIS_URL=redis_url,
                       GUNICORN_BIND=f"127.0.0.1:{web_port}", GUNICORN_WORKERS="2",
                       SECURE_SSL_REDIRECT="true",
                       # A container's HOSTNAME is its host name, which celery's node name uses.
                       HOSTNAME=socket.gethostname())
    if name == "web":  # the image's static files, collected at build (Dockerfile)
        environment["STATIC_ROOT"] = str(tmp_path / "static")
    if "PROMETHEUS_MULTIPROC_DIR" in environment:
        environment["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prometheus")
    return process_env(**environment)


def as_local(text, *, web_port, tmp_path):
    """A container's fixed port and /tmp paths, moved to this test's free port and tmp dir."""
    return (text.replace("127.0.0.1:8000", f"127.0.0.1:{web_port}")
                .replace("/tmp/celerybeat.pid", str(tmp_path / "celerybeat.pid")))


def run_command(name, env, *, web_port, tmp_path):
    command = [as_local(part, web_port=web_port, tmp_path=tmp_path)
               for part in command_of(name)]
    return start(command, env=env, log_path=tmp_path / f"{name}.log")


def health_check(name, env, *, web_port, tmp_path) -> bool:
    kind, *test = SERVICES[name]["healthcheck"]["test"]
    test = [as_local(part, web_port=web_port, tmp_path=tmp_path) for part in test]
    if kind == "CMD-SHELL":
        command, shell = interpolate(test[0], {}), True  # $$ -> $, as compose does
        command = command.replace("${HOSTNAME}", env["HOSTNAME"])
    else:
        command, shell = test, False
    timeout = float(SERVICES[name]["healthcheck"]["timeout"].rstrip("s"))
    try:
        result = subprocess.run(command, shell=shell, env=env, capture_output=True,
                                timeout=timeout + 10, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


@needs_postgres
@pytest.mark.postgres
def test_the_compose_services_start_and_become_healthy(own_database, own_redis, tmp_path):
    web_port = free_port()
    options = {"web_port": web_port, "tmp_path": tmp_path}
    envs = {name: service_env(name, database_url=own_database, redis_url=own_redis, **options)
            for name in APP_SERVICES}
    processes = {}
    try:
        # Worker and beat first, on an empty database: they must wait, not start.
        for name in ("worker", "beat"):
            processes[name] = run_command(name, envs[name], **options)
        # Waited for, not slept for: Django's start alone took over 4 s on a busy 2-core CI
        # machine, before the command could say anything (an empty log failed this once).
        for name in ("worker", "beat"):
            wait_until(
                lambda name=name: processes[name].poll() is not None
                or "waiting for migrations" in processes[name].log_path.read_text(),
                timeout=90, interval=0.5, what=f"{name} waiting for migrations")
        for name in ("worker", "beat"):
            assert processes[name].poll() is None, processes[name].log_path.read_text()
            assert "waiting for migrations" in processes[name].log_path.read_text(), name
            assert not health_check(name, envs[name], **options), f"{name} healthy too early"

        # The image runs collectstatic at build (the manifest every page's {% static %} needs).
        subprocess.run(["python", "manage.py", "collectstatic", "--noinput"], env=envs["web"],
                       cwd=ROOT, check=True, capture_output=True, timeout=300)
        processes["web"] = run_command("web", envs["web"], **options)
        for name in APP_SERVICES:
            wait_until(lambda name=name: health_check(name, envs[name], **options),
                       timeout=90, interval=1, what=f"{name} healthy")

        # The health check got past production's ALLOWED_HOSTS; other paths do not.
        base = f"http://127.0.0.1:{web_port}"
        status, body = get(f"{base}/healthz")
        assert status == 200, body
        health = yaml.safe_load(body)
        assert health["database"] == "ok" and health["broker"] == "ok"
        assert health["cache"] == "ok"
        assert get(f"{base}/login/", host="127.0.0.1")[0] == 400
        assert get(f"{base}/login/", host="ibbis.example.dk")[0] == 301  # to HTTPS

        # `exec`: the process compose started is gunicorn itself, and SIGTERM stops it cleanly.
        web = processes["web"]
        assert b"gunicorn" in Path(f"/proc/{web.pid}/cmdline").read_bytes()
        web.send_signal(signal.SIGTERM)
        assert web.wait(timeout=30) == 0
        for name in ("worker", "beat"):
            assert b"celery" in Path(f"/proc/{processes[name].pid}/cmdline").read_bytes()
    finally:
        for process in processes.values():
            stop(process)


def test_wait_for_migrations_waits_then_gives_up_on_an_unmigrated_database(tmp_path):
    env = process_env(DJANGO_SETTINGS_MODULE="ibbis.settings.production",
                      SECRET_KEY="wait-test-key", ALLOWED_HOSTS="ibbis.example.dk",
                      DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    command = ["python", "manage.py", "wait_for_migrations", "--timeout", "1.5",
               "--interval", "0.5"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "pending" in result.stdout and "not applied after 1.5 s" in result.stderr
    subprocess.run(["python", "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True, timeout=120)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "all applied" in result.stdout
