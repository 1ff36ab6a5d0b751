"""Finding the report files under the paths a user gives: one folder listing at a time.

Yields each file found with its id-path and status, and a ReadError for each one that will not be
read (a link, a pipe, an unreadable folder ...): the caller reports those and goes on. Links met
inside a folder are not followed. Which files are found decides nothing about what a document
holds, so this module is not part of the extraction version (indexer.version).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from indexer.readers import READERS, describe_mode, read_file
from indexer.readers.errors import ReadError, UnreadableFile
from indexer.records import RawReport


class Found(NamedTuple):
    """A report file to read: where it is, its id-path, and its status when found."""

    path: Path
    id_path: str
    status: os.stat_result


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~")


def _is_report(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in READERS


def _printable(path: str) -> str:
    # A name that is not valid UTF-8 holds surrogate escapes, which no report can carry.
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _unlisted(root: Path, error: OSError) -> UnreadableFile:
    """A folder under `root` that could not be listed (permissions), named as ids are."""
    folder = Path(error.filename or root)
    where = folder.relative_to(root).as_posix() if folder != root else str(root)
    return UnreadableFile(_printable(where), error.strerror or str(error))


def _listing(root: Path, folder: str) -> list[os.DirEntry] | UnreadableFile:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not _is_hidden(e.name)), key=lambda e: e.name)
    except OSError as error:
        return _unlisted(root, error)


def _walk(root: Path, folder: str, prefix: str) -> Iterator[Found | ReadError]:
    """The report files of `folder` (sorted by name), then each sub-folder's, depth first.
    One `scandir` per folder and one `lstat` per report file: whether an entry is a link comes
    with the listing, and as links are not followed a file's own status is all there is."""
    entries = _listing(root, folder)
    if isinstance(entries, ReadError):
        yield entries
        return
    folders = []
    for entry in entries:
        id_path = prefix + entry.name
        if entry.is_symlink():
            to_folder = entry.is_dir()  # follows the link
            if to_folder or _is_report(entry.name):
                target = _printable(os.readlink(entry.path))
                link = f"a symbolic link to a folder ({target})" if to_folder else None
                link = link or f"a symbolic link (to {target})"
                yield UnreadableFile(_printable(id_path), f"{link}: not followed")
        elif entry.is_dir():
            folders.append(entry)
        elif _is_report(entry.name):
            yield _found(Path(entry.path), id_path, entry)
    for entry in folders:
        yield from _walk(root, entry.path, f"{prefix}{entry.name}/")


def _found(file: Path, id_path: str, entry: os.DirEntry | None) -> Found | ReadError:
    """The file with its status, or why it will not be read."""
    if _printable(id_path) != id_path:
        return UnreadableFile(_printable(id_path), "the file name is not valid UTF-8: rename it")
    try:
        status = entry.stat(follow_symlinks=False) if entry else file.stat()
    except OSError as error:
        return UnreadableFile(id_path, error.strerror or str(error))
    if not stat.S_ISREG(status.st_mode):
        return UnreadableFile(id_path, f"{describe_mode(status.st_mode)}, not a file")
    return Found(file, id_path, status)


def scan_files(paths: Iterable[Path]) -> Iterator[Found | ReadError]:
    """A Found for every report file under `paths`, sorted per folder, and a ReadError for each
    one that will not be read.

    The id-path is the file's path relative to the folder given (or its name, for a file given
    directly), so report ids stay the same wherever the archive lives. Files of other types found
    in a folder are passed over; one named directly is an error. A link named directly is
    followed; links met inside a folder are reported and not followed: an archive unpacked from
    elsewhere could otherwise pull in any file on the machine, and links to folders could loop.
    """
    for given in paths:
        if given.is_dir():
            yield from _walk(given, str(given), "")
        elif given.exists() and given.suffix.lower() not in READERS:
            yield UnreadableFile(str(given), f"not a report format ({', '.join(READERS)})")
        elif given.exists() or given.is_symlink():
            yield _found(given, given.name, None)
        else:
            yield UnreadableFile(str(given), "no such file or folder")


def find_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str] | ReadError]:
    """scan_files without the status: (file, id-path), or a ReadError."""
    for found in scan_files(paths):
        yield found if isinstance(found, ReadError) else (found.path, found.id_path)


def read_paths(paths: Iterable[Path]) -> Iterator[RawReport | ReadError]:
    """Read every report under `paths`, yielding records and the errors met on the way."""
    for found in scan_files(paths):
        if isinstance(found, ReadError):
            yield found
        else:
            yield from read_file(found.path, found.id_path)
