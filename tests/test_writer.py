"""The writer: all or nothing, and a schema change handled by the same single commit."""

from __future__ import annotations

import pytest
from whoosh import fields, index

from indexer.records import Report
from indexer.schema import CITIES, ID_FIELD, build_schema
from indexer.writer import NothingToIndex, replace_index


def report(n: int) -> Report:
    return Report(id=f"r{n}", title=f"Report {n}", body=f"Body number {n}.", path=f"r{n}.txt")


def stored_ids(index_dir):
    with index.open_dir(str(index_dir)).searcher() as searcher:
        return sorted(f[ID_FIELD] for f in searcher.all_stored_fields())


def test_replace_writes_everything_in_one_commit(tmp_path):
    assert replace_index(tmp_path, [report(1), report(2)]) == 2
    assert replace_index(tmp_path, [report(3)]) == 1
    assert stored_ids(tmp_path) == ["r3"]


def test_a_failure_midway_leaves_the_previous_index(tmp_path):
    replace_index(tmp_path, [report(1), report(2)])

    def failing():
        yield report(3)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        replace_index(tmp_path, failing())
    assert stored_ids(tmp_path) == ["r1", "r2"]
    # ...and the lock was released, so the next run goes through.
    assert replace_index(tmp_path, [report(4)]) == 1


def test_nothing_to_index_changes_nothing(tmp_path):
    replace_index(tmp_path, [report(1)])
    with pytest.raises(NothingToIndex):
        replace_index(tmp_path, [])
    assert stored_ids(tmp_path) == ["r1"]


def test_an_index_with_an_older_schema_is_moved_to_the_current_one(tmp_path):
    old = index.create_in(str(tmp_path), fields.Schema(id=fields.ID(stored=True), old=fields.TEXT))
    with old.writer() as writer:
        writer.add_document(id="legacy", old="text")
    replace_index(tmp_path, [report(1)])
    reopened = index.open_dir(str(tmp_path))
    assert set(reopened.schema.names()) == set(build_schema().names())
    assert CITIES in reopened.schema and "old" not in reopened.schema
    assert stored_ids(tmp_path) == ["r1"]
    assert reopened.doc_count() == 1
