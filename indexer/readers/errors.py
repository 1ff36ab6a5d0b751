"""The small exception hierarchy readers use to say why a file or a row was not read.

Every error carries the path, the row (for multi-report files) and a reason a person can act on.
"""

from __future__ import annotations


class ReadError(Exception):
    """A file or one of its rows could not be read; the run reports it and goes on."""

    def __init__(self, path: str, reason: str, row: int | None = None):
        super().__init__(reason)
        self.path = path
        self.reason = reason
        self.row = row

    def __str__(self) -> str:
        where = self.path if self.row is None else f"{self.path}, row {self.row}"
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict:
        return {"path": self.path, "row": self.row, "reason": self.reason}


class UnreadableFile(ReadError):
    """The whole file was skipped: missing, unreadable, binary, empty or of the wrong shape."""


class MalformedRecord(ReadError):
    """One record inside a multi-report file was skipped; the rest of the file was read."""
