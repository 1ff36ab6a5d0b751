"""One indexing run: read every report under the given paths, clean and extract, write the index.

The library function behind the CLI. It reports each skipped file or row and goes on; only a
problem with the index itself (locked, unwritable, nothing to write) stops the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.pipeline import process
from indexer.readers import MalformedRecord, ReadError, find_files, read_file
from indexer.records import Report
from indexer.writer import replace_index


@dataclass
class RunSummary:
    files: int = 0
    indexed: int = 0
    skipped: list[ReadError] = field(default_factory=list)


def _reports(
    paths: Iterable[Path],
    today: dt.date,
    summary: RunSummary,
    on_skip: Callable[[ReadError], None],
) -> Iterator[Report]:
    seen: set[str] = set()

    def skip(error: ReadError) -> None:
        summary.skipped.append(error)
        on_skip(error)

    for found in find_files(paths):
        if isinstance(found, ReadError):
            skip(found)
            continue
        summary.files += 1
        for item in read_file(*found):
            if isinstance(item, ReadError):
                skip(item)
            elif item.id in seen:
                skip(MalformedRecord(item.path, f"duplicate report id {item.id!r}", item.row))
            else:
                try:
                    report = process(item, today)
                except Exception as error:  # one odd report must not end the run
                    skip(MalformedRecord(item.path, f"could not process: {error!r}", item.row))
                    continue
                seen.add(item.id)
                yield report


def index_paths(
    paths: Iterable[Path],
    index_dir: Path,
    today: dt.date | None = None,
    on_skip: Callable[[ReadError], None] = lambda error: None,
) -> RunSummary:
    """Index every report under `paths` into `index_dir`, replacing what it held, in one commit."""
    summary = RunSummary()
    reports = _reports(paths, today or dt.date.today(), summary, on_skip)
    summary.indexed = replace_index(index_dir, reports)
    return summary
