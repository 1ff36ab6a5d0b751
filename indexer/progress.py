"""Showing where a run is: a progress bar on a terminal, a line now and then otherwise, or nothing.

Progress goes to stderr, so stdout carries only the summary line. Knows nothing of indexing
beyond the counts it is given.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Silent progress: the interface run.py reports to. Subclasses show it."""

    def start(self, files: int, total_bytes: int) -> None:
        """Reading begins: `files` files of `total_bytes` bytes in all are to be read."""

    def advance(self, files: int, nbytes: int, reports: int) -> None:
        """So many more files (bytes of them) were read, giving so many reports."""

    def note(self, text: str) -> None:
        """A line for the person watching (a skipped file), printed without breaking the bar."""

    def stage(self, text: str) -> None:
        """A new phase of the run, such as writing the index."""

    def close(self) -> None:
        """The run is over."""


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class Lines(Progress):
    """Plain lines for logs and pipes: one every `every` seconds while reading, and each note."""

    def __init__(self, out: TextIO | None = None, every: float = 10.0, notes: bool = True):
        self.out = out or sys.stderr
        self.every = every
        self.notes = notes
        self.files = self.nbytes = self.reports = 0
        self.total_files = self.total_bytes = 0
        self._started = self._last = time.monotonic()

    def start(self, files: int, total_bytes: int) -> None:
        self.total_files, self.total_bytes = files, total_bytes
        self._started = self._last = time.monotonic()
        if files:
            print(f"reading {files:,} new or changed files", file=self.out, flush=True)

    def advance(self, files: int, nbytes: int, reports: int) -> None:
        self.files += files
        self.nbytes += nbytes
        self.reports += reports
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            print(self.line(now), file=self.out, flush=True)

    def line(self, now: float) -> str:
        elapsed = max(now - self._started, 1e-6)
        share = self.nbytes / self.total_bytes if self.total_bytes else 0.0
        left = elapsed * (1 - share) / share if share > 0 else None
        eta = f", about {_duration(left)} left" if left is not None else ""
        return (
            f"read {self.files:,} of {self.total_files:,} files ({share:.0%}), "
            f"{self.reports:,} reports, {self.reports / elapsed:,.0f} reports/s{eta}"
        )

    def note(self, text: str) -> None:
        if self.notes:
            print(text, file=self.out, flush=True)

    def stage(self, text: str) -> None:
        print(text, file=self.out, flush=True)


class Bar(Progress):
    """A tqdm bar over the bytes to read (so CSV rows move it too), with reports/s and ETA."""

    def __init__(self, out: TextIO | None = None):
        self.out = out or sys.stderr
        self._bar = None
        self.reports = 0
        self._started = time.monotonic()

    def start(self, files: int, total_bytes: int) -> None:
        from tqdm import tqdm

        self._started = time.monotonic()
        try:
            width = os.get_terminal_size(self.out.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = 0
        # A terminal that reports no size (some consoles and pseudo-terminals) gets a fixed one;
        # tqdm would otherwise draw nothing at all.
        size = {"dynamic_ncols": True} if width > 0 else {"ncols": 100, "nrows": 20}
        if files:
            self._bar = tqdm(
                total=total_bytes,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=f"reading {files:,} files",
                file=self.out,
                smoothing=0.05,
                mininterval=0.5,
                **size,
            )

    def advance(self, files: int, nbytes: int, reports: int) -> None:
        self.reports += reports
        if self._bar is not None:
            rate = self.reports / max(time.monotonic() - self._started, 1e-6)
            self._bar.set_postfix_str(f"{self.reports:,} reports, {rate:,.0f} reports/s", False)
            self._bar.update(nbytes)

    def note(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text, file=self.out)
        else:
            print(text, file=self.out, flush=True)

    def stage(self, text: str) -> None:
        self._close_bar()
        print(text, file=self.out, flush=True)

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def close(self) -> None:
        self._close_bar()
