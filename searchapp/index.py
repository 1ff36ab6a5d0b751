"""The open index for the web app: a searcher per server thread, reused while the index is the same.

Every request checks that its thread's searcher still reads the newest generation and opens a new
one when not, so a finished reindex is seen without a restart. At the end of each request, the
searchers of idle threads that read an older generation are closed: a thread that serves nothing
for hours must not keep the files a reindex replaced (and their disk space) alive. The facet
arrays and match sets are cached per generation and dropped when it changes; decoded posting
lists are kept per segment, which outlives a generation.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, g
from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError

from indexer.postings_store import Stores
from searchapp.match_sets import Engine, Generation
from searchapp.term_cache import TermCache

_EXTENSION = "archive_search_index"
OPEN_ATTEMPTS = 3
# Memory for decoded posting lists (all generations) and for the match sets of one generation.
TERM_CACHE_BYTES = 256 * 2**20
MATCH_CACHE_BYTES = 128 * 2**20


class IndexUnavailable(Exception):
    """There is no usable index yet; the message says which command builds one."""


class _Slot:
    """A server thread's searcher, the generation it reads, and whether a request is using it."""

    __slots__ = ("searcher", "generation", "busy")

    def __init__(self):
        self.searcher = None
        self.generation = -1
        self.busy = False


class IndexHandle:
    """The index folder of one app, with its facet caches for the current generation."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._generation: tuple | None = None
        self._data: Generation | None = None
        self._stores = Stores(self.index_dir)
        self._terms = TermCache(TERM_CACHE_BYTES, self._stores)
        self._slots: dict[int, _Slot] = {}  # by thread
        self._newest = -1  # the generation the latest searcher was opened on

    def searcher(self):
        """This thread's searcher on the newest generation, in use until `release`; do not close
        it (the handle does)."""
        with self._lock:
            slot = self._slots.setdefault(threading.get_ident(), _Slot())
            slot.busy = True
            cached, slot.searcher = slot.searcher, None
        if cached is not None:
            try:
                fresh = cached.up_to_date()
            except Exception:  # the index was removed or is being replaced: open afresh
                fresh = False
            if fresh:
                slot.searcher = cached
                return cached
            cached.close()
        try:
            searcher = self.open_searcher()
        except BaseException:
            slot.busy = False
            raise
        with self._lock:
            slot.searcher, slot.generation = searcher, searcher.reader().generation()
            self._newest = slot.generation
        return searcher

    def release(self) -> None:
        """This thread's request is over: its searcher waits for the thread's next request. The
        searchers of idle threads (and of threads gone) that read another generation than the
        latest opened are closed now rather than at those threads' next request."""
        stale = []
        with self._lock:
            slot = self._slots.get(threading.get_ident())
            if slot is not None:
                slot.busy = False
            alive = None
            for ident, other in list(self._slots.items()):
                if other.busy or other.searcher is None or other.generation == self._newest:
                    continue
                stale.append(other.searcher)
                other.searcher = None
                alive = alive or {thread.ident for thread in threading.enumerate()}
                if ident not in alive:
                    del self._slots[ident]
        for searcher in stale:
            searcher.close()

    def close(self) -> None:
        """Close the searcher of every thread not in a request, and let go of the postings
        stores (when the app is done with this index: tests, or a server shutting down). A later
        request opens them again; a request under way keeps what it reads."""
        with self._lock:
            idle = [slot for slot in self._slots.values() if slot.searcher and not slot.busy]
            searchers = [slot.searcher for slot in idle]
            for slot in idle:
                slot.searcher = None
        for searcher in searchers:
            searcher.close()
        self._stores.keep_only(set())

    def open_searcher(self):
        """A searcher of the caller's own, on the newest generation; the caller closes it."""
        try:
            exists = index.exists_in(str(self.index_dir))
        except Exception as error:  # a table of contents that is not one
            raise _damaged(self.index_dir, error) from None
        if not exists:
            raise IndexUnavailable(f"There is no index in {self.index_dir} yet.")
        for attempt in range(OPEN_ATTEMPTS):
            try:
                # Without mmap: Whoosh copies each mapped file it opens into memory, which costs a
                # third of a second per searcher at 100k reports; plain reads cost nothing up front.
                storage = FileStorage(str(self.index_dir), supports_mmap=False)
                searcher = storage.open_index().searcher()
                break
            except (EmptyIndexError, OSError) as error:
                # A reindex that commits between our reading its table of contents and opening
                # the segments deletes the old files; the next attempt reads the new generation.
                if attempt + 1 == OPEN_ATTEMPTS:
                    raise IndexUnavailable(
                        f"The index in {self.index_dir} cannot be opened: {error}"
                    ) from None
            except Exception as error:  # a damaged table of contents or segment
                raise _damaged(self.index_dir, error) from None
        if searcher.doc_count() == 0:
            searcher.close()
            raise IndexUnavailable(f"The index in {self.index_dir} holds no reports yet.")
        return searcher

    def engine(self, searcher) -> Engine:
        """The cached arrays of the generation `searcher` reads (built on its first search)."""
        key = _generation_key(searcher.reader())
        with self._lock:
            if key != self._generation:
                self._generation, self._data = key, None
                self._stores.keep_only(set(key[1]))
            data = self._data
        if data is None:
            data = Generation(searcher.reader(), MATCH_CACHE_BYTES, self._terms)
            with self._lock:
                if key == self._generation:
                    self._data = data
        return Engine(searcher, data, self._terms)


def _damaged(index_dir: Path, error: Exception) -> IndexUnavailable:
    return IndexUnavailable(
        f"The index in {index_dir} is damaged and cannot be read ({error}); "
        "rebuild it with the indexer's --full option."
    )


def _segment_ids(reader) -> set[str]:
    return {
        leaf.segment().segment_id() for leaf, _ in reader.leaf_readers() if hasattr(leaf, "segment")
    }


def _generation_key(reader) -> tuple:
    # Segment ids are random, so a rebuilt index never shares a key with the one it replaced.
    segments = (getattr(leaf, "segment", lambda: None)() for leaf, _ in reader.leaf_readers())
    return (reader.generation(), tuple(s.segment_id() for s in segments if s is not None))


def get_handle(app: Flask | None = None) -> IndexHandle:
    return (app or current_app).extensions[_EXTENSION]


def get_searcher():
    """This request's searcher, opened on first use."""
    if "searcher" not in g:
        g.searcher = get_handle().searcher()
    return g.searcher


def close_searcher(exception=None) -> None:
    # The searcher stays open for the thread's next request; the handle replaces it when stale.
    if g.pop("searcher", None) is not None:
        get_handle().release()


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = IndexHandle(app.config["INDEX_DIR"])
    app.teardown_appcontext(close_searcher)
