"""The writer: one locked session per run, all or nothing, the manifest tied to its generation."""

from __future__ import annotations

import pytest
from whoosh import fields, index

from indexer import manifest as manifests
from indexer.manifest import FileEntry, Manifest, Skip
from indexer.records import Report
from indexer.schema import CITIES, ID_FIELD, build_schema, to_document
from indexer.writer import IndexLocked, IndexSession, NothingToIndex, replace_index


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


def a_manifest(*ids: str) -> Manifest:
    entry = FileEntry(1, 2, "f.csv", {i: f"fp-{i}" for i in ids}, [Skip(3, "empty", False)])
    return Manifest("v1", {"/abs/f.csv": entry})


def test_the_manifest_is_written_for_the_generation_it_describes(tmp_path):
    with IndexSession(tmp_path) as session:
        session.begin(full=True)
        session.add(to_document(report(1)))
        session.commit(a_manifest("r1"))
    with IndexSession(tmp_path) as session:
        generation, segments = session.generation()
        assert generation == 1 and len(segments) == 1
        assert session.load_manifest() == a_manifest("r1")
        # Updates and deletions by id, in one commit, with the next manifest.
        session.begin(full=False)
        session.add(to_document(report(2)))
        session.delete("r1")
        session.commit(a_manifest("r2"))
    assert stored_ids(tmp_path) == ["r2"]
    assert [p.name for p in tmp_path.glob("archive-manifest-*")] == ["archive-manifest-2.json"]


def test_a_manifest_that_does_not_match_the_segments_is_ignored(tmp_path):
    replace_index(tmp_path, [report(1)])
    with IndexSession(tmp_path) as session:
        generation, segments = session.generation()
        manifests.save(tmp_path, a_manifest("r1"), generation, ["not-a-segment"])
        assert session.load_manifest() is None
        manifests.save(tmp_path, a_manifest("r1"), generation, segments)
        assert session.load_manifest() == a_manifest("r1")
    (tmp_path / f"archive-manifest-{generation}.json").write_text("{truncated")
    with IndexSession(tmp_path) as session:
        assert session.load_manifest() is None


def test_a_cancelled_session_leaves_no_files_behind(tmp_path):
    replace_index(tmp_path, [report(1)])
    before = sorted(p.name for p in tmp_path.iterdir())
    with IndexSession(tmp_path) as session:
        session.begin(full=False)
        for n in range(2, 50):
            session.add(to_document(report(n)))
        # leaving without commit() cancels
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert stored_ids(tmp_path) == ["r1"]


def test_only_one_session_at_a_time(tmp_path):
    with IndexSession(tmp_path):
        with pytest.raises(IndexLocked, match="another indexer is writing"):
            IndexSession(tmp_path).__enter__()
    with IndexSession(tmp_path):
        pass  # released
