"""Finding report files under the paths a user gives and reading each with its format's reader.

Yields RawReport records and ReadError values (never raises for a bad file): the caller reports
the errors and goes on. Readers return raw text; cleaning and extraction come later.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from indexer.readers.errors import MalformedRecord, ReadError, UnreadableFile
from indexer.readers.html import read_html
from indexer.readers.tabular import read_csv, read_json
from indexer.readers.txt import read_txt
from indexer.records import RawReport

Reader = Callable[[bytes, str], Iterable[RawReport | MalformedRecord]]

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

__all__ = ["READERS", "MalformedRecord", "ReadError", "UnreadableFile", "find_files", "read_paths"]


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~")


def find_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str] | ReadError]:
    """Yield (file, id-path) for every readable report file under `paths`, sorted per folder.

    The id-path is the file's path relative to the folder given (or its name, for a file given
    directly), so report ids stay the same wherever the archive lives. Files of other types found
    in a folder are passed over; one named directly is an error.
    """
    for given in paths:
        if given.is_file():
            if given.suffix.lower() in READERS:
                yield given, given.name
            else:
                yield UnreadableFile(str(given), f"not a report format ({', '.join(READERS)})")
        elif given.is_dir():
            for folder, dirs, files in os.walk(given, onerror=None):
                dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
                for name in sorted(files):
                    file = Path(folder, name)
                    if not _is_hidden(name) and file.suffix.lower() in READERS:
                        yield file, file.relative_to(given).as_posix()
        else:
            yield UnreadableFile(str(given), "no such file or folder")


def read_file(file: Path, id_path: str) -> Iterator[RawReport | ReadError]:
    """Read one file with the reader for its extension; errors are yielded, not raised."""
    reader = READERS[file.suffix.lower()]
    try:
        data = file.read_bytes()
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
