"""The Whoosh writers an index session uses: one process, or several writer processes for full runs.

Both write the run's manifest just before the new table of contents (the `before_toc` hook). The
parallel one has each writer process build a segment of its own, so a full index has as many
segments as writer processes. No locking, manifests or run logic here (see indexer.writer).
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import pickle
import queue
from collections.abc import Callable

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield, byte_to_length
from whoosh.fields import SpellField
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from indexer import store_build
from indexer.fast_analysis import FastSchema
from indexer.spelling_counts import SpellingCounts
from indexer.term_pool import TermPool, length_bytes, write_postings
from indexer.workers import WRITE_NAME, die_with_parent

# Documents per job file handed to a writer process (Whoosh's own default). Small enough that
# the bounded job queue keeps memory flat, large enough that a job is not mostly overhead.
JOB_SIZE = 100
# Pool memory of each writer process, MB. Two writer processes at Whoosh's default 128 would
# double the writing memory for no measured gain (see bench/README.md).
SUB_LIMIT_MB = 64
# Reports a writer process puts in one segment before it starts another. What a writer holds
# grows with its segment (Whoosh's columns, and the longest posting lists while they are merged
# and copied to the postings store): 166 MB at 50,000 reports, 574 MB at 500,000 (a 1M run).
# Past this many, memory stays flat however large the archive; a full run of 1M reports leaves
# four segments instead of two.
SEGMENT_REPORTS = 250_000
# How long to wait on a writer process before checking that it is still alive, seconds.
_POLL = 0.5
# zlib level of the postings blocks. Whoosh's codec uses 3; on a full run's blocks 2 takes 30 %
# less time for 2.4 % more bytes (level 1: as fast, 4.5 % more). Readers decompress any level.
POSTINGS_ZLIB_LEVEL = 2


def _quick_lengths(reader):
    """Answer Whoosh's per-posting length questions from memory while it flushes a segment.

    Whoosh asks a per-document reader for the length of each posting's document (for the
    blocks' length bounds): one read of the length column per posting, 1.35 million for 3,000
    reports, and a stat() each time for a field with no length column (400,000 for 2,000
    reports). A segment's files never change once written, so a field's column is read once,
    whole, and a missing one remembered. Same answers, same bytes on disk, only faster.
    """
    original = getattr(reader, "_cached_reader", None)
    if original is None:
        return reader
    missing: set[str] = set()

    def cached_reader(fieldname, column):
        if fieldname in missing:
            return None
        found = original(fieldname, column)
        if found is None:
            missing.add(fieldname)
        return found

    per_posting = reader.doc_field_length
    loaded: dict[str, bytes | None] = {}

    def doc_field_length(docnum, fieldname, default=0):
        codes = loaded.get(fieldname, _NOT_LOADED)
        if codes is _NOT_LOADED:
            column = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            codes = loaded[fieldname] = length_bytes(column)
        if codes is None or docnum >= len(codes):
            return per_posting(docnum, fieldname, default)  # Whoosh's own answer
        code = codes[docnum]
        return byte_to_length(code) if code else None  # None for 0, as Whoosh answers

    reader._cached_reader = cached_reader
    reader.doc_field_length = doc_field_length
    return reader


_NOT_LOADED = object()


class _TocHook:
    """Calls `before_toc(generation, segment ids)` just before the new TOC is written."""

    before_toc: Callable[[int, list[str]], None] | None = None

    def _commit_toc(self, segments):
        if self.before_toc is not None:
            self.before_toc(self.generation, [s.segment_id() for s in segments])
        super()._commit_toc(segments)


class SingleWriter(_TocHook, SegmentWriter):
    """Whoosh's SegmentWriter with the TOC hook, the length-column cache, the postings held per
    word (indexer.term_pool), the text fields analysed by indexer.fast_analysis and the
    spelling words counted."""

    def __init__(self, ix, *args, limitmb: int = 128, **kwargs):
        kwargs.setdefault("codec", W3Codec(compression=POSTINGS_ZLIB_LEVEL))
        super().__init__(ix, *args, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, limitmb=limitmb)
        # The schema, its fast stand-in, and whether _add_direct may write its documents.
        self._fast: tuple[object, FastSchema, bool] | None = None
        self._spelling = SpellingCounts()

    def add_document(self, **fields):
        # The text fields are analysed by indexer.fast_analysis (the same postings, faster). The
        # stand-in is seen by add_document only: the TOC still pickles the schema itself.
        schema = self.schema
        if self._fast is None or self._fast[0] is not schema:
            fast = FastSchema(schema, spelling_counted=True)
            self._fast = (schema, fast, _direct_ok(fast))
        _, fast, direct = self._fast
        if direct and not any(name.startswith("_") for name in fields):
            self._add_direct(fast, fields)
        else:  # boosts, custom stored values, term vectors: Whoosh's own add_document
            self.schema = fast
            try:
                super().add_document(**fields)
            finally:
                self.schema = schema
        for name, field in fast.spelled.items():
            value = fields.get(name)
            if value is not None:
                self._spelling.add(field.spelling_fieldname(name), field.spelling_set(value))
        if self._spelling.held > SPELLING_WORDS_HELD:
            self._spelling.add_to(self.pool)

    def _add_direct(self, fast: FastSchema, fields: dict) -> None:
        """What Whoosh's add_document does for a document without boosts or custom stored
        values, each field's postings handed to the term pool at once (TermPool.add_terms)
        rather than one posting at a time."""
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = fast[name]
                length = 0
                if field.indexed:
                    frequency = self.pool.add_terms(name, docnum, field.index(value))
                    if field.scorable:
                        length = frequency
                perdoc.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.pool.spill_if_full()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader, startdoc, docmap):
        # A merge. Whoosh copies the postings of the reports still there; but a segment's
        # spelling words are all posted to its document 0, so deleting that one report would
        # lose them all. They are counted again instead, with the frequencies the segment has.
        schema, add = self.schema, self.pool.add
        spelled = reader.doc_count() > 0  # a segment with no report left gives no word
        for fieldname, text in reader.all_terms():
            if fieldname not in schema:
                continue
            if isinstance(schema[fieldname], SpellField):
                if spelled:
                    count = int(reader.frequency(fieldname, text))
                    self._spelling.add_count(fieldname, text.decode("utf-8"), count)
                continue
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                docnum = matcher.id()
                newdoc = docmap[docnum] if docmap is not None else startdoc + docnum
                add((fieldname, text, newdoc, matcher.weight(), matcher.value()))
                matcher.next()
        if self._spelling.held > SPELLING_WORDS_HELD:
            self._spelling.add_to(self.pool)

    def _flush_segment(self):
        # Whoosh's flush, with the postings written from the term pool.
        self._spelling.add_to(self.pool)
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        write_postings(self.fieldwriter, self.schema, lengths, self.pool.terms())
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()

    def per_document_reader(self):
        return _quick_lengths(super().per_document_reader())


def _direct_ok(fast: FastSchema) -> bool:
    """Whether every field is one _add_direct writes as Whoosh would: no term vectors, and no
    spelling words but those the writer counts itself."""
    for name in fast.names():
        field = fast[name]
        if field.vector or field.separate_spelling():
            return False
    return True


# Distinct spelling words a writer counts before it hands them to its pool (a few tens of MB).
SPELLING_WORDS_HELD = 300_000


class _WriterProcess(SubWriterTask):
    """One writer process: adds the documents of the job files it is given to segments of its
    own (a new one every SEGMENT_REPORTS reports), then reports those segments (or why it
    failed) on the result queue."""

    def __init__(self, parent_writer: ParallelWriter, lock_fd: int | None):
        super().__init__(
            parent_writer.storage,
            parent_writer.indexname,
            parent_writer.jobqueue,
            parent_writer.resultqueue,
            parent_writer.subargs,
            True,
        )
        # A full run may move the index to a new schema: every segment must be written with it.
        self.schema = parent_writer.schema
        self.parent_pid = os.getpid()
        self.lock_fd = lock_fd
        self.daemon = True  # never outlives the indexer, even one that forgets to cancel

    def run(self) -> None:
        die_with_parent(self.parent_pid, self.lock_fd, WRITE_NAME)
        try:
            segments = []
            self.writer = self._new_writer()
            while (job := self.jobqueue.get()) is not None:
                if self.writer.docnum >= SEGMENT_REPORTS:  # this segment is full: start another
                    segments.append(self._finish_segment())
                    self.writer = self._new_writer()
                self._process_file(*job)
            segments.append(self._finish_segment())
            self.resultqueue.put(("done", segments))
        except Exception as error:  # told to the parent, which cancels the whole run
            code = error.errno if isinstance(error, OSError) else None
            reason = (error.strerror if isinstance(error, OSError) else None) or repr(error)
            self.resultqueue.put(("failed", (code, reason)))

    def _new_writer(self) -> SingleWriter:
        writer = SingleWriter(self.storage.open_index(self.indexname), _lk=False, **self.kwargs)
        writer.schema = self.schema
        return writer

    def _finish_segment(self):
        segment = self.writer._finalize_segment()
        if segment.doc_count_all() > 0:
            _build_store(self.storage, self.schema, segment)
        return segment


def _build_store(storage, schema, segment) -> None:
    """The postings store of a writer process's segment, built here beside the other writer
    processes rather than by the main process after the commit, one segment after another."""
    try:
        store_build.build_segment(storage, schema, segment)
    except Exception:  # derived data: the run's own refresh builds what is missing
        pass


class ParallelWriter(_TocHook, MpWriter):
    """Whoosh's multi-process writer, made to fail loudly instead of hanging or dropping work.

    `procs` writer processes are started at once (before any other pool, so they fork from a
    process without extra threads). Only add_document is parallel: deletes and updates reach the
    existing segments only, so this writer is for full runs, which add every document once.
    """

    def __init__(self, ix, procs: int, schema=None, lock_fd: int | None = None):
        subargs = {"limitmb": SUB_LIMIT_MB}
        super().__init__(
            ix, procs=procs, batchsize=JOB_SIZE, subargs=subargs, multisegment=True, _lk=False
        )
        if schema is not None:  # the schema to write (and to give the writer processes)
            self.schema = schema
        context = multiprocessing.get_context()
        self._lock_fd = lock_fd if context.get_start_method() == "fork" else None
        self._results: list = []
        try:
            for _ in range(procs):
                self._new_task()
        except BaseException:
            self.cancel()  # nobody else holds this writer yet to cancel it
            raise

    def per_document_reader(self):
        return _quick_lengths(super().per_document_reader())

    def _new_task(self):
        task = _WriterProcess(self, self._lock_fd)
        self.tasks.append(task)
        task.start()
        return task

    def _check_tasks(self) -> None:
        """Raise if a writer process failed or died (instead of waiting for it forever)."""
        while self._collect(block=False):
            pass
        for kind, detail in self._results:
            if kind == "failed":
                code, reason = detail
                if code is not None:
                    raise OSError(code, reason)
                raise RuntimeError(f"a writer process failed: {reason}")
        dead = sum(not task.is_alive() for task in self.tasks)
        # A process that ended normally has reported; its message may still be in the pipe.
        if dead > len(self._results) and not self._collect():
            raise OSError(errno.EIO, "a writer process ended without writing its segment")

    def _collect(self, block: bool = True) -> bool:
        """Take one report of a writer process off the result queue, if one comes."""
        try:
            self._results.append(self.resultqueue.get(timeout=_POLL if block else 0.001))
        except queue.Empty:
            return False
        return True

    def _put(self, job) -> None:
        while True:
            try:
                self.jobqueue.put(job, timeout=_POLL)
                return
            except queue.Full:
                self._check_tasks()

    def _enqueue(self):
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as out:
            for item in self.docbuffer:
                pickle.dump(item, out, pickle.HIGHEST_PROTOCOL)
        job, self.docbuffer = (filename, len(self.docbuffer)), []
        self._put(job)

    def commit(self, mergetype=None, optimize=None, merge=None):
        # Always through the parallel commit: it is what stops the writer processes.
        self._check_state()
        self._commit(mergetype, optimize, merge)

    def _commit(self, mergetype, optimize, merge):
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None)
        segments = self._merge_segments(mergetype, optimize, merge)
        while len(self._results) < len(self.tasks):
            if not self._collect():
                self._check_tasks()
        self._check_tasks()  # a failure reported last
        for task in self.tasks:
            task.join()
        if self._added:  # documents this process merged in itself (none in a full run)
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        # A writer process that got no job wrote an empty segment: its files go with the
        # clean-up after the TOC, as it is not listed.
        for _kind, written in self._results:
            segments += [segment for segment in written if segment.doc_count_all() > 0]
        self._commit_toc(segments)
        self._finish()

    def cancel(self):
        # The jobs still queued are abandoned with the run, so the interpreter must not wait at
        # exit for the queue's feeder thread to hand them over: a Ctrl-C landing inside the
        # queue's own bookkeeping could leave that thread never told to stop, and the indexer
        # hanging after "interrupted" (seen about once in twenty interrupted full runs).
        self.jobqueue.cancel_join_thread()
        self.resultqueue.cancel_join_thread()
        try:
            for task in self.tasks:
                if task.is_alive():
                    task.terminate()
            for task in self.tasks:
                task.join()
        finally:
            SegmentWriter.cancel(self)
