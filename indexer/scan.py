"""What a run has to read: the scan of the archive against the manifest, and the work it gives.

The scan sorts every report file into kept (unchanged by its stat, or moved) and to be read. The
files to read are listed in the manifest database, not in memory, so a run over a million files
holds no more than one over a thousand; `batches` then hands them to the workers in order,
remembering only the files in flight. No Whoosh calls here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.finding import scan_files
from indexer.manifest import Manifest, Planned, fingerprint
from indexer.pipeline import content_hash
from indexer.readers import READERS, ReadError, read_file
from indexer.readers.tabular import read_csv, read_json
from indexer.workers import Extracted, Failed, FileTask, RowsTask

_FILES_PER_BATCH = 16
_ROWS_PER_BATCH = 64
# Files listed in the manifest database at a time during the scan.
_LIST_BATCH = 1000


@dataclass
class Plan:
    errors: list[ReadError] = field(default_factory=list)
    kept: int = 0  # files found unchanged by their stat
    moved: int = 0  # of those, found under a new path (see Manifest.adopt)
    to_read: int = 0  # new and changed files, listed in the manifest database
    bytes_to_read: int = 0


def _multi_report(path: Path) -> bool:
    return READERS.get(path.suffix.lower()) in (read_csv, read_json)


def scan(paths: list[Path], manifest: Manifest, use_old: bool) -> Plan:
    """Find the report files and sort them into unchanged (kept in the manifest being built)
    and to be read (listed in it, see Manifest.planned)."""
    plan = Plan()
    # A file is reached twice only when one path given holds another (a folder walk follows no
    # links), so only then is a set of every file worth its memory.
    seen: set[str] | None = set() if len(paths) > 1 else None
    kept: list[str] = []
    listed: list[Planned] = []
    for found in scan_files(paths):
        if isinstance(found, ReadError):
            plan.errors.append(found)
            continue
        file, id_path, stat = found
        key = os.path.abspath(file)
        if seen is not None:
            if key in seen:
                continue
            seen.add(key)
        # Duplicate rows: which one wins depends on other files, so such a file is re-read.
        before = manifest.stat_of(key) if use_old else None
        if before == (stat.st_mtime_ns, stat.st_size, id_path, 0):
            kept.append(key)
            if len(kept) >= _LIST_BATCH:
                manifest.keep(kept)
                plan.kept += len(kept)
                kept = []
        elif (
            before is None
            and use_old
            and manifest.adopt(key, id_path, stat.st_mtime_ns, stat.st_size)
        ):
            plan.kept += 1
            plan.moved += 1
        else:
            listed.append(Planned(key, id_path, stat.st_mtime_ns, stat.st_size))
            plan.to_read += 1
            plan.bytes_to_read += stat.st_size
            if len(listed) >= _LIST_BATCH:
                manifest.plan(listed)
                listed = []
    manifest.keep(kept)
    manifest.plan(listed)
    plan.kept += len(kept)
    manifest.prune()
    return plan


def batches(manifest: Manifest, use_old: bool, reading: dict[str, Planned]) -> Iterator:
    """Work for the workers, in file order: FileTask lists, and RowsTasks for rows this process
    reads itself from CSV/JSON files (so a file of 100,000 rows is never one huge task). Each file
    handed out is put in `reading` (by key) for whoever takes its results to remove."""
    files: list[FileTask] = []
    for item in manifest.planned():
        reading[item.key] = item
        path = Path(item.key)  # the key is the file's absolute path
        if not _multi_report(path):
            previous = manifest.entry(item.key) if use_old else None
            same = previous is not None and previous.id_path == item.id_path
            reports = manifest.old_reports(item.key) if same else {}
            files.append(FileTask(item.key, item.id_path, reports))
            if len(files) >= _FILES_PER_BATCH:
                yield files
                files = []
            continue
        if files:
            yield files
            files = []
        rows: list = []
        sent = pending_bytes = 0
        for raw in read_file(path, item.id_path):
            if isinstance(raw, ReadError):
                rows.append(Failed.of(raw))
                continue
            mark = fingerprint(content_hash(raw), raw.path, raw.row)
            unchanged = use_old and manifest.old_fingerprint(raw.id) == mark
            rows.append(Extracted(raw.id, mark, raw.row, None) if unchanged else raw)
            pending_bytes += len(raw.title) + len(raw.body)
            if len(rows) >= _ROWS_PER_BATCH:
                step = min(pending_bytes, max(item.size - sent, 0))
                yield RowsTask(item.key, False, step, rows)
                sent += step
                rows, pending_bytes = [], 0
        yield RowsTask(item.key, True, max(item.size - sent, 0), rows)
    if files:
        yield files
