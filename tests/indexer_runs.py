"""Running `python -m indexer` as a real subprocess in tests: a corpus of small reports to index,
the process with its stderr readable line by line, and the /proc checks on it and its children.
Used by the tests of crashes, interruptions and the worker pool. No tests here.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import index

ROOT = Path(__file__).resolve().parents[1]
# A full run in parallel: extraction workers and writer processes.
PARALLEL = ("--full", "--workers", "2", "--writers", "2")
PLACES = ["Homs", "Hama", "Aleppo", "Idlib", "Douma", "Raqqa", "Daraa", "Palmyra"]


def write_corpus(folder: Path, start: int, count: int) -> None:
    for n in range(start, start + count):
        place = PLACES[n % len(PLACES)]
        path = folder / f"{n // 250:02d}" / f"report-{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Shelling in {place}, report {n}\n"
            f"Government forces shelled {place} on {1 + n % 28} March 2016, killing "
            f"{n % 50 + 1} people, activists said. Report number {n} of the test archive.\n"
        )


def age(folder: Path) -> None:
    # A file written this very second is never trusted by its stat alone (it could change again
    # within the same timestamp tick); date the corpus back so runs may skip unchanged files.
    past = time.time() - 60
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def ids_of(ix: Path) -> list[str]:
    with index.open_dir(str(ix)).searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())


class Indexer:
    """`python -m indexer` (or the `python` arguments given, such as `-c CODE`) in a subprocess,
    with its stderr lines readable as they come."""

    def __init__(
        self,
        folder: Path,
        ix: Path,
        *options: str,
        preexec_fn=None,
        python=("-m", "indexer"),
        **popen,
    ):
        def as_from_a_terminal():
            # Ctrl-C as a terminal delivers it: a test runner started in the background of a
            # non-interactive shell ignores SIGINT, and its children would inherit that.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            if preexec_fn is not None:
                preexec_fn()

        self.process = subprocess.Popen(
            [sys.executable, *python, str(folder), "--index", str(ix), *options],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=as_from_a_terminal,
            **popen,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.out: list[str] = []
        self._pumps = [
            threading.Thread(target=self._pump, daemon=True),
            threading.Thread(target=lambda: self.out.extend(self.process.stdout), daemon=True),
        ]
        for pump in self._pumps:
            pump.start()

    def _pump(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                assert self.process.poll() is None, f"ended before {text!r}: {self.seen}"
                continue
            self.seen.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} within {timeout} s: {self.seen}")

    def children(self) -> list[int]:
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    found.append(int(entry))
        return found

    def finish(self, timeout: float = 120) -> tuple[int, str, str]:
        self.process.wait(timeout=timeout)
        for pump in self._pumps:
            pump.join(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.process.returncode, "".join(self.out), "".join(self.seen)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


needs_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
