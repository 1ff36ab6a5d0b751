"""The open index for the web app: one searcher per request on `g`, closed in a teardown.

Each request's searcher reads the index's newest generation, so a finished reindex is seen without
a restart. Facet posting sets are cached per generation and dropped when it changes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from flask import Flask, current_app, g
from whoosh import index
from whoosh.index import EmptyIndexError

from searchapp.search import Postings, death_tolls, facet_postings

_EXTENSION = "archive_search_index"
OPEN_ATTEMPTS = 3


class IndexUnavailable(Exception):
    """There is no usable index yet; the message says which command builds one."""


class IndexHandle:
    """The index folder of one app, with its facet caches for the current generation."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._generation: tuple | None = None
        self._postings: dict[str, Postings] = {}
        self._tolls: np.ndarray | None = None

    def searcher(self):
        if not index.exists_in(str(self.index_dir)):
            raise IndexUnavailable(f"There is no index in {self.index_dir} yet.")
        for attempt in range(OPEN_ATTEMPTS):
            try:
                searcher = index.open_dir(str(self.index_dir)).searcher()
                break
            except (EmptyIndexError, OSError) as error:
                # A reindex that commits between our reading its table of contents and opening
                # the segments deletes the old files; the next attempt reads the new generation.
                if attempt + 1 == OPEN_ATTEMPTS:
                    raise IndexUnavailable(
                        f"The index in {self.index_dir} cannot be opened: {error}"
                    ) from None
        if searcher.doc_count() == 0:
            searcher.close()
            raise IndexUnavailable(f"The index in {self.index_dir} holds no reports yet.")
        return searcher

    def _sync(self, generation: tuple) -> None:
        # Called with the lock held: a new generation drops everything cached for the old one.
        if generation != self._generation:
            self._generation, self._postings, self._tolls = generation, {}, None

    def tolls_for(self, searcher) -> np.ndarray:
        generation = _generation_key(searcher.reader())
        with self._lock:
            self._sync(generation)
            cached = self._tolls
        if cached is None:
            cached = death_tolls(searcher.reader())
            with self._lock:
                if generation == self._generation:
                    self._tolls = cached
        return cached

    def postings_for(self, searcher, fieldname: str) -> Postings:
        generation = _generation_key(searcher.reader())
        with self._lock:
            self._sync(generation)
            cached = self._postings.get(fieldname)
        if cached is None:
            cached = facet_postings(searcher.reader(), fieldname)
            with self._lock:
                if generation == self._generation:
                    self._postings[fieldname] = cached
        return cached


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
    searcher = g.pop("searcher", None)
    if searcher is not None:
        searcher.close()


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = IndexHandle(app.config["INDEX_DIR"])
    app.teardown_appcontext(close_searcher)
