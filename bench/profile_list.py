"""cProfile of one endpoint, in-process (issue 9): where a request spends its time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ibbis_perf \
        .venv/bin/python bench/profile_list.py [--path /api/cases/?page_size=50] [--user manager.jc]

Runs the request once to warm up (the count cache, imports), then N times under cProfile
with the production middleware and settings the bench server uses (DEBUG off); prints the
mean wall time per request, the share spent waiting on the database (the time inside the
database cursor's execute and fetch), and the top functions by cumulative and own time.
"""
import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ibbis.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from ibbis.accounts.models import User  # noqa: E402


class DbTimer:
    """connection.execute_wrapper: the time spent in the driver, per request."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/api/cases/?page_size=50")
    parser.add_argument("--user", default="manager.jc", help="'' for no token")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", help="write the pstats file here")
    args = parser.parse_args()

    headers = {}
    if args.user:
        _instance, token = AuthToken.objects.create(user=User.objects.get(username=args.user))
        headers["HTTP_AUTHORIZATION"] = f"Token {token}"
    client = Client()

    def get():
        response = client.get(args.path, **headers)
        assert response.status_code == 200, (response.status_code, response.content[:200])
        return response

    get()
    timer = DbTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        for _ in range(args.n):
            get()
        plain = (time.perf_counter() - started) / args.n
    db = timer.seconds / args.n
    print(f"{args.path} as {args.user or 'anonymous'}: {plain * 1000:.1f} ms per request "
          f"unprofiled, of which {db * 1000:.1f} ms in {timer.queries / args.n:.0f} queries "
          f"(driver + database), {(plain - db) * 1000:.1f} ms Python")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.n):
        get()
    profile.disable()
    if args.out:
        profile.dump_stats(args.out)
    stats = pstats.Stats(profile).strip_dirs()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
