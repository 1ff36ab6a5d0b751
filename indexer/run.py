"""One indexing run: bring the index in line with the report files under the given paths.

Incremental: files whose size and modification time match the manifest are not opened; changed
files are re-read and only their new or changed reports extracted and written; reports whose
files are gone are removed; all in one commit. A full run (asked for, or when the index was built
by other extraction code) rebuilds everything in one commit. Skipped files and rows are reported
and the run goes on; only a problem with the index itself stops it.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer import manifest as manifests
from indexer import stopping, store_build
from indexer.manifest import DUPLICATE, FileEntry, Planned, Skip
from indexer.process_pool import WorkerDied
from indexer.progress import Progress
from indexer.readers import MalformedRecord, ReadError
from indexer.scan import batches, scan
from indexer.version import extraction_version
from indexer.workers import Extracted, Failed, RowsTask, Workers
from indexer.writer import IndexSession, IndexWriteError, NothingToIndex, write_error

# Below this much reading, starting worker processes costs more than it saves.
_POOL_MIN_FILES = 48
_POOL_MIN_BYTES = 4 * 1024 * 1024
# Writer processes of a full run by default; each leaves a segment, and searches like few.
_MAX_WRITERS = 4
# A file modified this close to the scan may change again within the same timestamp tick: it is
# remembered as unverified, so the next run reads it (and compares contents) instead of trusting
# its stat.
_RACY_NS = 2_000_000_000


@dataclass
class RunSummary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[ReadError] = field(default_factory=list)
    files: int = 0  # report files found under the paths
    files_read: int = 0  # of those, opened by this run
    files_moved: int = 0  # of those, found unchanged under a new path and not opened
    full: bool = False  # whether every report was re-extracted
    full_reason: str = ""
    seconds: float = 0.0
    store: store_build.RefreshSummary | None = None  # the postings store's refresh
    store_error: str = ""

    @property
    def indexed(self) -> int:
        """Reports written because they were new or changed."""
        return self.added + self.updated

    @property
    def reports(self) -> int:
        """Reports the index holds after the run."""
        return self.added + self.updated + self.unchanged


def _results(batches: Iterator, workers: Workers) -> Iterator[tuple[str, list, bool, int]]:
    """(file key, entries, whether the file is complete, bytes read) for each result."""
    try:
        for result in workers.map(batches):
            if isinstance(result, RowsTask):
                yield result.path, result.rows, result.last, result.nbytes
            else:
                for done in result:
                    yield done.path, done.entries, True, -1
    except WorkerDied as error:
        raise IndexWriteError(f"{error}; the index was left as it was") from None


class _Run:
    """The state of one run: the manifests (old and new, in one database), the counts, the
    index session. Nothing here grows with the archive, only with what the run reads."""

    def __init__(self, session, manifest, full, summary, skip, progress):
        self.session = session
        self.manifest = manifest
        self.full = full
        self.summary = summary
        self.skip = skip
        self.progress = progress
        self.started_ns = time.time_ns()
        self.writing = False
        self.writers = 1  # processes writing a full run (see _writer_count)
        self.manifest_changed = full
        self.reading: dict[str, Planned] = {}  # files handed to the workers, not yet finished

    def reuse_unchanged(self) -> None:
        self.summary.unchanged += self.manifest.report_count()
        for id_path, skips in self.manifest.skips():  # still in the archive, so still reported
            for skipped in skips:
                self.skip(skipped.error(id_path))

    def take(self, key: str, entries: list, skipped: list) -> int:
        """Apply one file's (or batch's) entries; return how many reports it gave."""
        item = self.reading[key]
        count = 0
        for entry in entries:
            if isinstance(entry, Failed):
                error = entry.error()
            elif self.manifest.owner(entry.id) is not None:
                error = MalformedRecord(item.id_path, f"{DUPLICATE} {entry.id!r}", entry.row)
            else:
                self.manifest.add_report(entry.id, key, entry.fingerprint)
                self._write(entry)
                count += 1
                continue
            self.skip(error)
            skipped.append(Skip.of(error))
        return count

    def _write(self, entry: Extracted) -> None:
        before = self.manifest.old_fingerprint(entry.id)
        if entry.document is None:
            self.summary.unchanged += 1  # the index holds this very report already
            return
        if before == entry.fingerprint:
            self.summary.unchanged += 1
            if not self.full:
                return
        elif before is None:
            self.summary.added += 1
        else:
            self.summary.updated += 1
        self.begin()
        if self.full or before is None:
            self.session.add(entry.document)
        else:
            self.session.replace(entry.document)

    def begin(self) -> None:
        if not self.writing:
            self.session.begin(self.full, self.writers if self.full else 0)
            self.writing = True

    def finish_file(self, key: str, skipped: list) -> None:
        item = self.reading.pop(key)
        racy = item.mtime_ns > self.started_ns - _RACY_NS
        entry = FileEntry(0 if racy else item.mtime_ns, item.size, item.id_path, skipped)
        if self.manifest.put_file(key, entry, compare=not self.manifest_changed):
            self.manifest_changed = True
        self.summary.files_read += 1

    def remove_gone(self) -> None:
        removed = 0
        for report_id in self.manifest.gone():
            removed += 1
            if not self.full:
                self.begin()
                self.session.delete(report_id)
        self.summary.removed = removed
        if not self.manifest_changed and self.manifest.files_differ():
            self.manifest_changed = True

    def commit(self) -> None:
        if self.manifest.report_count() == 0:
            raise NothingToIndex("no reports were read, so the index was left as it was")
        if self.writing:
            self.progress.stage(f"writing the index in {self.session.index_dir}")
            self.session.commit(self.manifest)
        elif self.manifest_changed:
            # Same documents, new file stats: the manifest of the current generation is
            # replaced (atomically) so the next run need not read these files again.
            self.session.rewrite_manifest(self.manifest)


def _default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def index_paths(
    paths: Iterable[Path],
    index_dir: Path,
    today: dt.date | None = None,
    full: bool = False,
    workers: int | None = None,
    writers: int | None = None,
    on_skip: Callable[[ReadError], None] = lambda error: None,
    progress: Progress | None = None,
) -> RunSummary:
    """Bring the index in `index_dir` in line with the reports under `paths`, in one commit.

    `full` re-extracts everything; `workers` is the number of worker processes (default: the
    number of cores; 0 works in this process); `writers` the number of processes writing the
    index in a run that rewrites it all (default: as many as the workers used, at most 4; 1: this
    process; each leaves a segment); `on_skip` is called with each skipped file or
    row; `progress` (an indexer.progress.Progress) is told how reading goes. Raises IndexLocked,
    NothingToIndex (when no report at all was found, so a mistyped path never empties an index)
    and IndexWriteError.
    """
    started = time.monotonic()
    today = today or dt.date.today()
    progress = progress or Progress()
    summary = RunSummary()

    def skip(error: ReadError) -> None:
        summary.skipped.append(error)
        on_skip(error)

    with IndexSession(Path(index_dir)) as session:
        manifest = None
        try:
            version = extraction_version()
            old = session.manifest_path()
            _decide_full(summary, full, old, version, session.doc_count())
            if summary.full_reason in ("no manifest", "the extraction code changed"):
                progress.stage(f"re-extracting every report: {summary.full_reason}")
            manifest = manifests.start(session.index_dir, version, old, summary.full)
            counts = (workers, writers)
            _index(session, manifest, paths, summary, skip, progress, counts, today)
            _refresh_store(session.index_dir, summary, progress)
        except (OSError, sqlite3.Error) as error:  # the manifest could not be read or written
            raise write_error(error) from None
        finally:
            if manifest is not None:
                manifest.discard()  # nothing left to discard once it was saved
    summary.seconds = time.monotonic() - started
    return summary


def _refresh_store(index_dir: Path, summary: RunSummary, progress: Progress) -> None:
    """Write the postings store of the segments that have none (indexer.postings_store). The
    index is already committed: a failure or Ctrl-C here costs search speed, not reports, and
    the next run finishes the work."""
    progress.stage("writing the postings store of new segments")
    try:
        summary.store = store_build.refresh(index_dir)
    except (KeyboardInterrupt, OSError) as error:
        reason = "interrupted" if isinstance(error, KeyboardInterrupt) else str(error)
        summary.store_error = f"the postings store was left incomplete ({reason}); searches are "
        summary.store_error += "slower on new segments until the next run completes it"


def _decide_full(summary: RunSummary, full: bool, old, version: str, doc_count: int) -> None:
    if full:
        summary.full_reason = "asked for"
    elif old is None:
        summary.full_reason = "new index" if doc_count == 0 else "no manifest"
    elif manifests.code_version_of(old) != version:
        summary.full_reason = "the extraction code changed"
    summary.full = bool(summary.full_reason)


def _index(session, manifest, paths, summary, skip, progress, counts, today) -> None:
    """The body of index_paths, once the session is open and the manifest started."""
    if summary.full_reason == "no manifest":
        # An index without a manifest (made by an older version): its ids, for the counts.
        manifests.fill_old_ids(manifest, session.indexed_ids())
    use_old = not summary.full
    plan = scan(list(paths), manifest, use_old)
    summary.files = plan.kept + plan.to_read
    summary.files_moved = plan.moved
    if plan.moved:
        progress.stage(f"{plan.moved:,} unchanged files found under a new path: not read again")
    for error in plan.errors:
        skip(error)
    run = _Run(session, manifest, summary.full, summary, skip, progress)
    run.reuse_unchanged()
    workers, writers = counts
    count = workers if workers is not None else _default_workers()
    if plan.to_read < _POOL_MIN_FILES and plan.bytes_to_read < _POOL_MIN_BYTES:
        count = 0
    run.writers = writers if writers is not None else min(max(count, 1), _MAX_WRITERS)
    if summary.full and run.writers > 1 and plan.to_read:
        # Writer processes fork before the worker pool does, from a process with no pool threads.
        run.begin()
    pool = Workers(count, today, session.lock_fd) if plan.to_read else None
    try:
        progress.start(plan.to_read, plan.bytes_to_read)
        current: dict[str, list] = {}  # skips of files still being read (CSV/JSON in batches)
        work = batches(manifest, use_old, run.reading)
        for key, entries, complete, nbytes in _results(work, pool) if pool else ():
            skipped = current.setdefault(key, [])
            found = run.take(key, entries, skipped)
            size = run.reading[key].size if nbytes < 0 else nbytes
            if complete:
                del current[key]
                run.finish_file(key, skipped)
            progress.advance(1 if complete else 0, size, found)
        if pool is not None:
            pool.close()
            pool = None
        run.remove_gone()
        run.commit()
    except KeyboardInterrupt:
        if pool is not None:
            pool.close(cancel=True)
            pool = None
        if not session.committed:
            raise
        # Interrupted after the commit reached the disk: the run is complete (and goes on to
        # write the postings store, which a second interrupt stops).
        stopping.disarm()
    finally:
        if pool is not None:
            pool.close(cancel=True)
        progress.close()
