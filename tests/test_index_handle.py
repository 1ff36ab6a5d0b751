"""The web app's searchers, one per server thread (searchapp.index): kept between a thread's
requests, and let go once a reindex has replaced what they read, even by a thread that serves
no request for a long while."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path

import pytest

from indexer.run import index_paths
from tests.conftest import TODAY, make_client
from tests.indexer_runs import write_corpus

needs_proc = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def files_held_open(ix: Path, deleted_only: bool = False) -> list[str]:
    """Files of the index folder this process holds open (only those since deleted, when
    `deleted_only`)."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(ix)) and (target.endswith("(deleted)") or not deleted_only):
            held.append(target)
    return held


def indexed(tmp_path: Path, count: int):
    """A folder of `count` reports, its index, and an app client on it."""
    folder, ix = tmp_path / "reports", tmp_path / "ix"
    write_corpus(folder, 0, count)
    index_paths([folder], ix, today=TODAY, workers=0)
    return folder, ix, make_client(ix)


@contextlib.contextmanager
def an_idle_thread_that_searched(client):
    """A server thread that answered one search and then serves nothing, for the duration."""
    answered, done = threading.Event(), threading.Event()

    def serve():
        assert client.get("/api/search", query_string={"q": "shelling"}).status_code == 200
        answered.set()
        done.wait()

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        assert answered.wait(30)
        yield thread
    finally:
        done.set()
        thread.join()


@needs_proc
def test_an_idle_threads_searcher_lets_go_of_an_index_a_reindex_replaced(tmp_path):
    folder, ix, client = indexed(tmp_path, 60)
    with an_idle_thread_that_searched(client):
        write_corpus(folder, 60, 30)
        index_paths([folder], ix, today=TODAY, workers=0, full=True)  # new segments only
        # Another thread's request sees the new generation ...
        total = client.get("/api/search", query_string={"q": "shelling"}).get_json()["total"]
        assert total == 90
        # ... and the idle thread's searcher no longer keeps the old files (and their disk
        # space) alive.
        assert files_held_open(ix, deleted_only=True) == []


def test_a_threads_searcher_is_kept_between_its_requests_while_the_index_is_the_same(tmp_path):
    _, _, app_client = indexed(tmp_path, 20)
    handle = app_client.application.extensions["archive_search_index"]
    first = handle.searcher()
    handle.release()
    assert handle.searcher() is first  # reused, not reopened
    handle.release()
    with an_idle_thread_that_searched(app_client):
        assert app_client.get("/api/search").status_code == 200
        assert handle.searcher() is first  # the other thread's searcher was not stale
        handle.release()


@needs_proc
def test_closing_the_handle_closes_every_threads_searcher(tmp_path):
    _, ix, client = indexed(tmp_path, 20)
    with an_idle_thread_that_searched(client):
        assert client.get("/api/search").status_code == 200
        assert files_held_open(ix)  # two threads' searchers, kept for their next requests
        client.application.extensions["archive_search_index"].close()
        assert files_held_open(ix) == []
        # The app goes on: the next request opens a searcher again.
        assert client.get("/api/search").get_json()["total"] == 20


def test_closing_the_handle_leaves_a_request_under_way_its_searcher(tmp_path):
    _, _, client = indexed(tmp_path, 20)
    handle = client.application.extensions["archive_search_index"]
    searcher = handle.searcher()  # a request under way
    handle.close()
    assert searcher.doc_count() == 20 and len(list(searcher.documents())) == 20
    handle.release()
    handle.close()
    assert handle.searcher() is not searcher  # closed once idle, so opened afresh
    handle.release()
