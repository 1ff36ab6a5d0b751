"""The load test's moving parts: the server as a subprocess, client threads replaying URLs over
keep-alive HTTP connections, and a sampler of the server's memory and CPU from /proc.

Knows nothing of corpora or of the app's internals (only its command and its JSON API's total).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.procfs import cpu_seconds, descendants, rss_kb

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Target:
    """One URL of the load: what kind of request it is and its path with the query string."""

    kind: str
    path: str


@dataclass(frozen=True)
class Outcome:
    """One request as a client saw it; `problem` is empty when it was answered with 200."""

    kind: str
    path: str
    started: float  # seconds since the run's start
    ms: float
    status: int  # 0: no response at all
    nbytes: int
    problem: str


class Client(threading.Thread):
    """Requests `targets` in a loop from `offset` on one keep-alive connection (a new one after
    any failure) until `stop` is set, pausing `think` seconds on average (exponentially
    distributed, like a reader) after each answer; 0: none, the harshest load. Reads each body
    whole and nothing more, so the client costs the shared CPUs as little as possible."""

    def __init__(self, port, targets, offset, stop, zero, timeout=30.0, think=0.0):
        super().__init__(daemon=True)
        self.address = ("127.0.0.1", port)
        self.targets, self.offset, self.stop = targets, offset, stop
        self.zero, self.timeout, self.think = zero, timeout, think
        self.pauses = random.Random(offset)
        self.outcomes: list[Outcome] = []

    def run(self) -> None:
        connection = None
        position = self.offset
        if self.think:  # readers arrive at their own moments, not all in the first instant
            self.stop.wait(self.pauses.uniform(0, self.think))
        while not self.stop.is_set():
            target = self.targets[position % len(self.targets)]
            position += 1
            if connection is None:
                connection = http.client.HTTPConnection(*self.address, timeout=self.timeout)
            started = time.perf_counter()
            status, nbytes, problem = 0, 0, ""
            try:
                connection.request("GET", target.path)
                response = connection.getresponse()
                body = response.read()
                status, nbytes = response.status, len(body)
                if status != 200:
                    problem = f"HTTP {status}"
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:  # timeouts are OSErrors
                problem = type(error).__name__
                connection.close()
                connection = None
            ended = time.perf_counter()
            self.outcomes.append(
                Outcome(
                    target.kind,
                    target.path,
                    started - self.zero,
                    (ended - started) * 1000,
                    status,
                    nbytes,
                    problem,
                )
            )
            if self.think:
                self.stop.wait(self.pauses.expovariate(1 / self.think))
        if connection is not None:
            connection.close()


class TreeSampler(threading.Thread):
    """Every `interval` seconds: (seconds since the run's start, RSS of the process tree in MB,
    CPU seconds of the tree's processes, 1-minute load average)."""

    def __init__(self, pid: int, zero: float, interval: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.zero, self.interval = pid, zero, interval
        self.samples: list[tuple[float, float, float, float]] = []
        self.done = threading.Event()

    def sample(self) -> None:
        tree = descendants(self.pid)
        self.samples.append(
            (
                time.perf_counter() - self.zero,
                sum(map(rss_kb, tree)) / 1000,
                sum(cpu_seconds(pid) or 0.0 for pid in tree),
                os.getloadavg()[0],
            )
        )

    def run(self) -> None:
        self.sample()
        while not self.done.wait(self.interval):
            self.sample()

    def finish(self) -> None:
        self.done.set()
        self.join()
        self.sample()


def _get(port: int, path: str, timeout: float = 60.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def api_total(port: int, words: str) -> int:
    status, body = _get(port, "/api/search?" + urlencode({"q": words}))
    return json.loads(body)["total"] if status == 200 else -status


def start_server(index_dir: Path, threads: int, log_path: Path):
    """`python -m searchapp` on a free port; returns the process, the port and the seconds it
    took to answer its first request (the landing page, which loads the index's arrays)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(log_path, "w")  # noqa: SIM115 (closed by stop_server)
    command = [sys.executable, "-m", "searchapp", "--index", str(index_dir), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [*command, "--threads", str(threads)], cwd=REPO, stdout=log, stderr=log, env=env
    )
    process.log = log
    started = time.perf_counter()
    while time.perf_counter() - started < 300:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise SystemExit(f"the server exited with {process.returncode}:\n{tail}")
        try:
            if _get(port, "/")[0] == 200:
                return process, port, time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("the server did not answer within 300 s")


def stop_server(process) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()
