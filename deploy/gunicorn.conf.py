"""gunicorn as it runs in production (docker-compose.yml `web`, tests/ibbis/test_gunicorn.py).

Threaded workers (gthread): a connection waits for its request in the worker's poller, not in
a thread, so a client that sends one byte every few seconds does not hold the only worker
(issue 15: two such clients made the sync workers unreachable for 60 s). In compose nginx
buffers in front as well (deploy/nginx.conf); this is the second line, for any deployment
that puts gunicorn straight behind a load balancer.

Every value can be changed from the environment (GUNICORN_*), without editing this file.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request (not a connection) that runs longer than this is killed and logged.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
# An idle kept-alive connection, or one that has not finished its request headers, is closed
# after this many seconds.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
# Limits on the request line and headers (gunicorn's defaults, stated).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Recycle workers now and then, jittered so they do not restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Behind nginx (compose) or a load balancer: trust X-Forwarded-* only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr for the container runtime, one JSON object a line like the app's
# (time, level, logger, request_id). The access log goes through RedactingLogger: the
# calendar-feed token and secret query parameters never reach it, and every value is
# escaped for JSON.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "ibbis.gunicorn_logging.RedactingLogger"
access_log_format = (
    '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", '
    '"request_id": "%({x-request-id}o)s", "remote": "%(h)s", "request": "%(r)s", '
    '"status": "%(s)s", "bytes": "%(b)s", "duration_ms": "%(M)s", '
    '"referer": "%(f)s", "user_agent": "%(a)s"}'
)

# Worker heartbeat files in memory, not on the container's (possibly slow) overlay disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"


# Prometheus across workers: with PROMETHEUS_MULTIPROC_DIR set, every worker writes its
# counters there and /metrics sums them (ibbis/metrics.py). The directory is emptied when
# gunicorn starts, and a dead worker's live gauges are dropped.
def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# gunicorn's runtime control socket (~/.gunicorn/gunicorn.ctl) is not used; off, so two
# gunicorns of one user (tests, several sites on a host) never share it.
control_socket_disable = True
