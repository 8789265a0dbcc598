"""Point this process's Celery app at another broker for a test, then back."""
from contextlib import contextmanager

from ibbis.celery import app


def _reset_pools() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    try:
        app.__dict__["amqp"]._producer_pool = None
    except (AttributeError, KeyError):
        pass


@contextmanager
def use_broker(url: str):
    """Tasks queued inside go to `url` (eager mode off) instead of running in-process."""
    previous = app.conf.broker_url, app.conf.task_always_eager
    _reset_pools()
    app.conf.broker_url, app.conf.task_always_eager = url, False
    try:
        yield app
    finally:
        _reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = previous
