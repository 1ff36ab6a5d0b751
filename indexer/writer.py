"""Writing reports into the Whoosh index, all or nothing.

A run replaces the index's contents in one commit: until that commit the previous index is what
every reader sees, and a run that fails or is interrupted leaves it exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index
from whoosh.index import LockError
from whoosh.writing import CLEAR

from indexer.records import Report
from indexer.schema import build_schema, to_document


class IndexWriteError(Exception):
    """The index cannot be written; the message says what to do. Nothing was changed."""


class IndexLocked(IndexWriteError):
    pass


class NothingToIndex(IndexWriteError):
    pass


def open_or_create(index_dir: Path) -> index.FileIndex:
    """Open the index in `index_dir`, creating an empty one (and the folder) if there is none."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        if index.exists_in(str(index_dir)):
            return index.open_dir(str(index_dir))
        return index.create_in(str(index_dir), build_schema())
    except OSError as error:
        raise IndexWriteError(
            f"cannot write the index folder {index_dir}: {error.strerror}"
        ) from None


def replace_index(index_dir: Path, reports: Iterable[Report]) -> int:
    """Make `reports` the whole content of the index in one commit; return how many were written.

    Raises IndexLocked when another indexer is writing, NothingToIndex when `reports` is empty
    (so a mistyped path never empties an index), and IndexWriteError for an unwritable folder.
    """
    ix = open_or_create(index_dir)
    try:
        writer = ix.writer(timeout=0.0)
    except LockError:
        raise IndexLocked(
            f"another indexer is writing to {index_dir}; wait for it to finish and run again"
        ) from None
    except OSError as error:
        raise IndexWriteError(
            f"cannot write the index folder {index_dir}: {error.strerror}"
        ) from None
    # The commit replaces every segment, so it can also move the index to this code's schema.
    writer.schema = build_schema()
    count = 0
    try:
        for report in reports:
            writer.add_document(**to_document(report))
            count += 1
        if count == 0:
            raise NothingToIndex("no reports were read, so the index was left as it was")
        writer.commit(mergetype=CLEAR)
    except BaseException as error:
        writer.cancel()
        if isinstance(error, OSError):
            raise IndexWriteError(
                f"writing the index failed: {error}; it was left as it was"
            ) from None
        raise
    return count
