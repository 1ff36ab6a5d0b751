"""Reading a report file with its format's reader (indexer.finding finds the files).

Yields RawReport records and ReadError values (never raises for a bad file): the caller reports
the errors and goes on. Only regular files are opened. Readers return raw text; cleaning and
extraction come later.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from indexer.readers.errors import MalformedRecord, ReadError, UnreadableFile
from indexer.readers.html import read_html
from indexer.readers.limits import MAX_PAGE_BYTES, too_large_file
from indexer.readers.tabular import read_csv, read_json
from indexer.readers.txt import read_txt
from indexer.records import RawReport

# A reader takes a file's bytes (or, for the STREAMING ones, the file open in binary mode) and
# its id-path, and yields its reports, raising or yielding ReadErrors for what it cannot use.
Reader = Callable[[bytes | BinaryIO, str], Iterable[RawReport | MalformedRecord]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".csv": read_csv,
    ".jsonl": read_json,
    ".ndjson": read_json,
    ".json": read_json,
}
STREAMING = (read_csv, read_json)

__all__ = [
    "READERS",
    "STREAMING",
    "MalformedRecord",
    "ReadError",
    "UnreadableFile",
    "describe_mode",
    "read_file",
]


def describe_mode(mode: int) -> str:
    """What a file that is not a regular one is, for a skip reason."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _open(file: Path, id_path: str) -> BinaryIO:
    # O_NONBLOCK: should the file have become a pipe since it was found, opening it must not
    # wait for a writer. (It changes nothing for reading a regular file.)
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile(id_path, f"{describe_mode(mode)}, not a file")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_file(file: Path, id_path: str) -> Iterator[RawReport | ReadError]:
    """Read one file with the reader for its extension; errors are yielded, not raised.

    A CSV or JSON export is read as a stream, a row at a time; any other file is one report,
    read whole, and skipped unread when larger than MAX_PAGE_BYTES.
    """
    reader = READERS[file.suffix.lower()]
    try:
        with _open(file, id_path) as handle:
            if reader in STREAMING:
                yield from reader(handle, id_path)
                return
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_PAGE_BYTES:
                raise UnreadableFile(id_path, too_large_file(size))
            data = handle.read(MAX_PAGE_BYTES + 1)
            if len(data) > MAX_PAGE_BYTES:  # it grew while we looked
                raise UnreadableFile(id_path, too_large_file(len(data)))
        yield from reader(data, id_path)
    except ReadError as error:
        yield error
    except OSError as error:
        yield UnreadableFile(id_path, error.strerror or str(error))
    except (ValueError, LookupError, RecursionError) as error:
        # A parser choking on malformed content: report it like any other bad file.
        yield UnreadableFile(id_path, f"could not parse: {error}")
