"""Writing the Whoosh index, all or nothing: one locked session per run, one commit at its end.

Until the commit writes the index's new table of contents, every reader sees the previous index,
and a run that fails, is interrupted or is killed leaves it exactly as it was. The manifest of
the new generation is written just before that table of contents (see indexer/manifest.py).
This module does no reading or extraction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.writing import CLEAR

from indexer import manifest as manifests
from indexer import store_build
from indexer.manifest import Manifest
from indexer.records import Report
from indexer.schema import ID_FIELD, build_schema, to_document
from indexer.segment_writers import ParallelWriter, SingleWriter

INDEX_NAME = index._DEF_INDEX_NAME  # Whoosh's "MAIN": its files are MAIN_*, _MAIN_*.toc


class IndexWriteError(Exception):
    """The index cannot be written; the message says what to do. Nothing was changed."""


class IndexLocked(IndexWriteError):
    pass


class NothingToIndex(IndexWriteError):
    pass


def _folder_error(index_dir: Path, error: OSError) -> IndexWriteError:
    reason = error.strerror or str(error)
    return IndexWriteError(
        f"cannot write the index folder {index_dir}: {reason}; the index was left as it was"
    )


def write_error(error: OSError | sqlite3.Error) -> IndexWriteError:
    """The error to raise when writing the index (or its manifest) failed with `error`."""
    reason = getattr(error, "strerror", None) or str(error)
    return IndexWriteError(f"writing the index failed: {reason}; it was left as it was")


class IndexSession:
    """The index folder held for one run: locked against other indexers, then written once.

    Use as a context manager; leaving it without commit() cancels whatever was written.
    """

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._storage = None
        self._lock = None
        self._ix = None
        self._writer: SingleWriter | ParallelWriter | None = None
        self.committed = False

    # Opening: lock first, so a second indexer learns at once that it must wait.

    def __enter__(self) -> IndexSession:
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            # Without mmap: Whoosh reads a compound segment through a BytesIO made from its
            # mapped bytes, a copy of the whole postings file (400 MB of RAM for 100,000
            # reports) for every reader an update or a merge opens. Plain reads copy nothing.
            self._storage = FileStorage(str(self.index_dir), supports_mmap=False)
            self._lock = self._storage.lock(f"{INDEX_NAME}_WRITELOCK")
            if not self._lock.acquire(blocking=False):
                self._lock = None
                raise IndexLocked(
                    f"another indexer is writing to {self.index_dir}; "
                    "wait for it to finish and run again"
                )
            self._probe()
            if not index.exists_in(str(self.index_dir)):
                self._storage.create_index(build_schema())
            self._ix = self._storage.open_index()
            self._remove_leftovers()
        except OSError as error:
            self.close()
            raise _folder_error(self.index_dir, error) from None
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if self._writer is not None and not self.committed:
                self.cancel()
        finally:
            self.close()

    def _probe(self) -> None:
        # Fail before a long run, not at its commit, when the folder cannot take new files.
        probe = self.index_dir / f".archive-probe-{os.getpid()}"
        with open(probe, "wb") as out:
            out.write(b"probe")
        probe.unlink()

    def _remove_leftovers(self) -> None:
        # A run killed mid-write leaves segment files no TOC lists, a half-written TOC and a
        # manifest of a generation that never became current. Only a lock holder writes them,
        # so whatever is not current now is garbage.
        toc = self._ix._read_toc()
        clean_files(self._storage, INDEX_NAME, toc.generation, toc.segments)
        prefix = f"_{INDEX_NAME}_"
        for name in os.listdir(self.index_dir):
            half_written_toc = name.startswith(prefix) and ".toc." in name
            if half_written_toc or name.startswith(".archive-probe-"):
                try:
                    os.remove(self.index_dir / name)
                except OSError:
                    pass
        manifests.remove_others(self.index_dir, toc.generation)
        # Postings stores the writer processes of a run that never committed built.
        store_build.remove_stale(self.index_dir, {s.segment_id() for s in toc.segments})
        # Job files and sorted runs of a killed writer (hundreds of MB in a big full run).
        shutil.rmtree(self.index_dir / f"{INDEX_NAME}.tmp", ignore_errors=True)

    def close(self) -> None:
        if self._lock is not None:
            try:
                self._lock.release()
            finally:
                self._lock = None

    @property
    def lock_fd(self) -> int | None:
        """The lock's file descriptor, which forked worker processes must close."""
        return getattr(self._lock, "fd", None)

    # The current index.

    def generation(self) -> tuple[int, list[str]]:
        toc = self._ix._read_toc()
        return toc.generation, [s.segment_id() for s in toc.segments]

    def manifest_path(self) -> Path | None:
        """The current generation's manifest, None when it has none (an older JSON one is
        migrated first)."""
        generation, segments = self.generation()
        return manifests.current(self.index_dir, generation, segments)

    def indexed_ids(self) -> set[str]:
        """The ids of the live documents, read from the id field's terms (not stored fields)."""
        ids = set()
        with self._ix.reader() as reader:
            for term in reader.lexicon(ID_FIELD):
                if reader.postings(ID_FIELD, term).is_active():
                    ids.add(term.decode("utf-8"))
        return ids

    def doc_count(self) -> int:
        return self._ix.doc_count()

    # Writing.

    def begin(self, full: bool, procs: int = 0) -> None:
        """Start writing; `full` replaces the whole content (and schema) at commit. `procs` > 1
        (full runs only) writes in that many processes, each building a segment of its own: add()
        becomes parallel, replace() and delete() must not be used."""
        try:
            if full and procs > 1:
                self._writer = ParallelWriter(self._ix, procs, build_schema(), self.lock_fd)
            else:
                self._writer = SingleWriter(self._ix, _lk=False)
        except OSError as error:
            raise _folder_error(self.index_dir, error) from None
        self._full = full
        if full:
            # The commit replaces every segment, so it can also move the index to this schema.
            self._writer.schema = build_schema()

    def add(self, document: dict) -> None:
        try:
            self._writer.add_document(**document)
        except OSError as error:
            raise write_error(error) from None

    def replace(self, document: dict) -> None:
        try:
            self._writer.update_document(**document)
        except OSError as error:
            raise write_error(error) from None

    def delete(self, report_id: str) -> None:
        try:
            self._writer.delete_by_term(ID_FIELD, report_id)
        except OSError as error:
            raise write_error(error) from None

    def commit(self, manifest: Manifest | None) -> None:
        """Make what was written current, with `manifest` (being built, see
        indexer.manifest.start) describing it (None: no manifest, so the next run rebuilds in
        full)."""
        writer = self._writer

        def before_toc(generation: int, segment_ids: list[str]) -> None:
            if manifest is not None:
                manifests.save(self.index_dir, manifest, generation, segment_ids)

        writer.before_toc = before_toc
        try:
            writer.commit(mergetype=CLEAR if self._full else None)
        except BaseException as error:
            if self.new_generation_is_current():
                self.committed = True  # interrupted after the TOC was in place: it counts
                raise
            self.cancel()
            if isinstance(error, (OSError, sqlite3.Error)):
                raise write_error(error) from None
            raise
        self.committed = True
        manifests.remove_others(self.index_dir, writer.generation)

    def rewrite_manifest(self, manifest: Manifest) -> None:
        """Replace the current generation's manifest (same documents, newer file stats)."""
        generation, segments = self.generation()
        try:
            manifests.save(self.index_dir, manifest, generation, segments)
        except (OSError, sqlite3.Error) as error:
            raise write_error(error) from None

    def new_generation_is_current(self) -> bool:
        """Whether this session's commit reached the disk (its TOC is the newest)."""
        if self._writer is None:
            return False
        latest = TOC._latest_generation(self._storage, INDEX_NAME)
        return latest == self._writer.generation

    def cancel(self) -> None:
        """Drop what this session wrote; the index stays as it was."""
        writer, self._writer = self._writer, None
        if writer is None:
            return
        try:
            if not writer.is_closed:
                writer.cancel()
        except Exception:
            pass  # a writer broken by a full disk may not close cleanly; clean up below
        try:
            writer._tempstorage.destroy()
        except Exception:
            pass
        try:
            self._remove_leftovers()  # frees the space a half-written segment took
        except Exception:
            pass


def replace_index(index_dir: Path, reports: Iterable[Report]) -> int:
    """Make `reports` the whole content of the index in one commit; return how many were written.

    A small direct API (tests, scripts); runs use indexer.run.index_paths. Raises IndexLocked,
    NothingToIndex (for an empty `reports`, so nothing ever empties an index) or IndexWriteError.
    """
    with IndexSession(index_dir) as session:
        session.begin(full=True)
        count = 0
        for report in reports:
            session.add(to_document(report))
            count += 1
        if count == 0:
            raise NothingToIndex("no reports were read, so the index was left as it was")
        # No files behind these reports, so no manifest: the next index_paths run rebuilds.
        session.commit(None)
    return count
