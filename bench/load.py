"""A small, bounded HTTP load generator: threads with keep-alive connections (http.client),
for 127.0.0.1 only. Each run stops at `seconds` or `max_requests`, whichever comes first.

Used by bench/run.py; nothing to install. It runs in one Python process beside the server,
so on a small machine it takes a share of the CPU from the server it measures: compare
endpoints by their ratio to /healthz measured the same way in the same run.
"""
import http.client
import threading
import time
from dataclasses import dataclass, field

HOST = "127.0.0.1"


@dataclass
class Result:
    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Latency in milliseconds at percentile p (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000


def run(name, port, path, *, headers=None, concurrency=8, seconds=10.0, max_requests=20000):
    """Hit http://127.0.0.1:port/path from `concurrency` threads; return a Result."""
    result = Result(name)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    budget = [max_requests]
    headers = {"Connection": "keep-alive", **(headers or {})}

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies, errors, statuses = [], 0, {}
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200:
                errors += 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            for status, n in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    result.requests = len(result.latencies)
    return result
