"""Finding report files under the paths a user gives and reading each with its format's reader.

Yields RawReport records and ReadError values (never raises for a bad file): the caller reports
the errors and goes on. Only regular files are opened; links inside folders are not followed.
Readers return raw text; cleaning and extraction come later.
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
    "find_files",
    "read_file",
    "read_paths",
]


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~")


def _printable(path: str) -> str:
    # A name that is not valid UTF-8 holds surrogate escapes, which no report can carry.
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check(file: Path, id_path: str, in_folder: bool) -> ReadError | None:
    """Why `file` will not be read, or None. Inside a folder, symbolic links are not followed:
    an archive unpacked from elsewhere could otherwise pull in any file on the machine, and
    links to folders could loop."""
    if _printable(id_path) != id_path:
        return UnreadableFile(_printable(id_path), "the file name is not valid UTF-8: rename it")
    if in_folder and file.is_symlink():
        target = os.readlink(file)
        return UnreadableFile(id_path, f"a symbolic link (to {_printable(target)}): not followed")
    try:
        mode = file.stat().st_mode
    except OSError as error:
        return UnreadableFile(id_path, error.strerror or str(error))
    if not stat.S_ISREG(mode):
        return UnreadableFile(id_path, f"{_kind(mode)}, not a file")
    return None


def _unlisted(root: Path, error: OSError) -> UnreadableFile:
    """A folder under `root` that could not be listed (permissions), named as ids are."""
    folder = Path(error.filename or root)
    where = folder.relative_to(root).as_posix() if folder != root else str(root)
    return UnreadableFile(_printable(where), error.strerror or str(error))


def _walk(root: Path) -> Iterator[tuple[Path, str] | ReadError]:
    failed: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=failed.append):
        yield from (_unlisted(root, error) for error in failed)
        failed.clear()
        for name in sorted(d for d in dirs if not _is_hidden(d)):
            link = Path(folder, name)
            if link.is_symlink():
                id_path = _printable(link.relative_to(root).as_posix())
                target = _printable(os.readlink(link))
                reason = f"a symbolic link to a folder ({target}): not followed"
                yield UnreadableFile(id_path, reason)
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d) and not Path(folder, d).is_symlink())
        for name in sorted(files):
            file = Path(folder, name)
            if _is_hidden(name) or file.suffix.lower() not in READERS:
                continue
            id_path = file.relative_to(root).as_posix()
            yield _check(file, id_path, in_folder=True) or (file, id_path)
    yield from (_unlisted(root, error) for error in failed)


def find_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str] | ReadError]:
    """Yield (file, id-path) for every report file under `paths`, sorted per folder, and a
    ReadError for each one that will not be read (a link, a pipe, an unreadable folder ...).

    The id-path is the file's path relative to the folder given (or its name, for a file given
    directly), so report ids stay the same wherever the archive lives. Files of other types found
    in a folder are passed over; one named directly is an error. A link named directly is
    followed; links met inside a folder are reported and not followed.
    """
    for given in paths:
        if given.is_dir():
            yield from _walk(given)
        elif given.exists() and given.suffix.lower() not in READERS:
            yield UnreadableFile(str(given), f"not a report format ({', '.join(READERS)})")
        elif given.exists() or given.is_symlink():
            yield _check(given, given.name, in_folder=False) or (given, given.name)
        else:
            yield UnreadableFile(str(given), "no such file or folder")


def _open(file: Path, id_path: str) -> BinaryIO:
    # O_NONBLOCK: should the file have become a pipe since it was found, opening it must not
    # wait for a writer. (It changes nothing for reading a regular file.)
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile(id_path, f"{_kind(mode)}, not a file")
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


def read_paths(paths: Iterable[Path]) -> Iterator[RawReport | ReadError]:
    """Read every report under `paths`, yielding records and the errors met on the way."""
    for found in find_files(paths):
        if isinstance(found, ReadError):
            yield found
        else:
            yield from read_file(*found)
