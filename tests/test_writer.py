"""The writer: one locked session per run, all or nothing, the manifest tied to its generation."""

from __future__ import annotations

import json
import os
import signal

import pytest
from whoosh import fields, index

from indexer import manifest as manifests
from indexer.manifest import FileEntry, Manifest, Skip
from indexer.records import Report
from indexer.schema import CITIES, ID_FIELD, TOLL_SORT, build_schema, to_document
from indexer.writer import (
    IndexLocked,
    IndexSession,
    IndexWriteError,
    NothingToIndex,
    replace_index,
)


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


FILE = "/abs/f.csv"
ENTRY = FileEntry(1, 2, "f.csv", [Skip(3, "empty", False)])


def a_manifest(folder, *ids: str) -> Manifest:
    """A manifest being built: FILE gave `ids`."""
    manifest = manifests.start(folder, "v1", None, full=True)
    for report_id in ids:
        manifest.add_report(report_id, FILE, f"fp-{report_id}")
    manifest.put_file(FILE, ENTRY)
    return manifest


def read_back(session: IndexSession) -> tuple | None:
    """What the current generation's manifest says: code version, FILE's entry and reports."""
    path = session.manifest_path()
    if path is None:
        return None
    manifest = manifests.start(session.index_dir, "ignored", path, full=True)
    try:
        return manifests.code_version_of(path), manifest.entry(FILE), manifest.old_reports(FILE)
    finally:
        manifest.discard()


def manifest_files(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("archive-manifest*"))


def test_the_manifest_is_written_for_the_generation_it_describes(tmp_path):
    with IndexSession(tmp_path) as session:
        session.begin(full=True)
        session.add(to_document(report(1)))
        session.commit(a_manifest(tmp_path, "r1"))
    with IndexSession(tmp_path) as session:
        generation, segments = session.generation()
        assert generation == 1 and len(segments) == 1
        assert read_back(session) == ("v1", ENTRY, {"r1": "fp-r1"})
        # Updates and deletions by id, in one commit, with the next manifest.
        session.begin(full=False)
        session.add(to_document(report(2)))
        session.delete("r1")
        session.commit(a_manifest(tmp_path, "r2"))
    assert stored_ids(tmp_path) == ["r2"]
    assert manifest_files(tmp_path) == ["archive-manifest-2.sqlite"]
    with IndexSession(tmp_path) as session:
        assert read_back(session) == ("v1", ENTRY, {"r2": "fp-r2"})


def test_a_manifest_that_does_not_match_the_segments_is_ignored(tmp_path):
    replace_index(tmp_path, [report(1)])
    with IndexSession(tmp_path) as session:
        generation, segments = session.generation()
        manifests.save(tmp_path, a_manifest(tmp_path, "r1"), generation, ["not-a-segment"])
        assert read_back(session) is None
        manifests.save(tmp_path, a_manifest(tmp_path, "r1"), generation, segments)
        assert read_back(session) == ("v1", ENTRY, {"r1": "fp-r1"})
    (tmp_path / f"archive-manifest-{generation}.sqlite").write_text("truncated")
    with IndexSession(tmp_path) as session:
        assert read_back(session) is None


def test_a_manifest_being_built_and_dropped_leaves_no_file(tmp_path):
    replace_index(tmp_path, [report(1)])
    before = manifest_files(tmp_path)
    a_manifest(tmp_path, "r1", "r2").discard()
    assert manifest_files(tmp_path) == before == []


def test_an_older_json_manifest_is_migrated_once(tmp_path):
    replace_index(tmp_path, [report(1), report(2)])
    with IndexSession(tmp_path) as session:
        generation, segments = session.generation()
    reports = {"r1": "fp-r1", "r2": "fp-r2"}
    skipped = [[3, "empty", False]]
    legacy = {
        "format": 1,
        "generation": generation,
        "segments": sorted(segments),
        "code_version": "v0",
        "files": {FILE: [1, 2, "f.csv", reports, skipped]},
    }
    (tmp_path / f"archive-manifest-{generation}.json").write_text(json.dumps(legacy))
    with IndexSession(tmp_path) as session:
        assert read_back(session) == ("v0", ENTRY, reports)
    # The next session finds the SQLite manifest and drops the JSON one it came from.
    with IndexSession(tmp_path) as session:
        assert read_back(session) == ("v0", ENTRY, reports)
    assert manifest_files(tmp_path) == [f"archive-manifest-{generation}.sqlite"]


def test_a_json_manifest_of_another_generation_is_not_migrated(tmp_path):
    replace_index(tmp_path, [report(1)])
    with IndexSession(tmp_path) as session:
        generation, segments = session.generation()
    legacy = {"format": 1, "generation": generation, "segments": ["other"], "code_version": "v0"}
    legacy["files"] = {}
    (tmp_path / f"archive-manifest-{generation}.json").write_text(json.dumps(legacy))
    with IndexSession(tmp_path) as session:
        assert read_back(session) is None


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


# The parallel writer (full runs): each writer process builds a segment of its own.


def many(count: int, start: int = 0) -> list[dict]:
    return [to_document(report(n)) for n in range(start, start + count)]


def segment_sizes(index_dir) -> list[int]:
    return sorted(s.doc_count_all() for s in index.open_dir(str(index_dir))._segments())


def test_a_parallel_session_writes_one_segment_per_writer_process(tmp_path):
    replace_index(tmp_path, [report(n) for n in range(1000, 1010)])
    with IndexSession(tmp_path) as session:
        session.begin(full=True, procs=2)
        for document in many(450):
            session.add(document)
        session.commit(None)
    # 100 documents per job: 5 jobs over 2 processes; the old content is gone (a full run).
    assert sum(segment_sizes(tmp_path)) == 450 and len(segment_sizes(tmp_path)) == 2
    assert stored_ids(tmp_path) == sorted(f"r{n}" for n in range(450))
    assert not (tmp_path / "MAIN.tmp").exists()


def test_a_writer_process_starts_a_new_segment_past_segment_reports(tmp_path, monkeypatch):
    # What a writer process holds grows with its segment, so past SEGMENT_REPORTS it writes
    # the segment (and its postings store) and starts another: memory stays flat however
    # large the archive. The writer processes fork after the patch and see it.
    from indexer import segment_writers
    from indexer.postings_store import Stores

    monkeypatch.setattr(segment_writers, "SEGMENT_REPORTS", 60)
    monkeypatch.setattr(segment_writers, "JOB_SIZE", 20)
    with IndexSession(tmp_path) as session:
        session.begin(full=True, procs=2)
        for document in many(450):
            session.add(document)
        session.commit(None)
    sizes = segment_sizes(tmp_path)
    # 23 jobs of 20 over 2 processes; a segment is closed once it holds 60 or more.
    assert sum(sizes) == 450 and len(sizes) >= 6 and max(sizes) <= 80, sizes
    assert stored_ids(tmp_path) == sorted(f"r{n}" for n in range(450))
    assert not (tmp_path / "MAIN.tmp").exists()
    stores = Stores(tmp_path)
    with index.open_dir(str(tmp_path)).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            assert stores.get(leaf.segment().segment_id(), leaf.doc_count_all()) is not None


def test_a_parallel_session_drops_the_segment_of_a_writer_given_nothing(tmp_path):
    with IndexSession(tmp_path) as session:
        session.begin(full=True, procs=3)
        for document in many(40):  # one job only
            session.add(document)
        session.commit(None)
    assert segment_sizes(tmp_path) == [40]
    # The empty segments' files went with the clean-up: one segment file is left.
    files = [p.name for p in tmp_path.iterdir() if p.name.startswith("MAIN_")]
    assert sorted(name.endswith(".seg") for name in files if name != "MAIN_WRITELOCK") == [True]


def test_a_parallel_session_moves_an_older_schema_to_the_current_one(tmp_path):
    old = index.create_in(str(tmp_path), fields.Schema(id=fields.ID(stored=True), old=fields.TEXT))
    with old.writer() as writer:
        writer.add_document(id="legacy", old="text")
    with IndexSession(tmp_path) as session:
        session.begin(full=True, procs=2)
        for document in many(250):
            session.add(document)
        session.commit(None)
    reopened = index.open_dir(str(tmp_path))
    assert set(reopened.schema.names()) == set(build_schema().names())
    with reopened.searcher() as searcher:
        # The writer processes wrote with the new schema (the old one has no toll_sort field).
        assert searcher.doc_count() == 250 and searcher.reader().has_column(TOLL_SORT)


def test_a_killed_writer_process_fails_the_commit_and_keeps_the_old_index(tmp_path):
    replace_index(tmp_path, [report(1)])
    before = sorted(p.name for p in tmp_path.iterdir())
    with IndexSession(tmp_path) as session:
        session.begin(full=True, procs=2)
        for document in many(300):
            session.add(document)
        writer_processes = session._writer.tasks
        os.kill(writer_processes[0].pid, signal.SIGKILL)
        with pytest.raises(IndexWriteError, match="a writer process ended without writing"):
            session.commit(None)
        assert not any(task.is_alive() for task in writer_processes)
    assert stored_ids(tmp_path) == ["r1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert replace_index(tmp_path, [report(2)]) == 1  # the lock was released


def test_a_cancelled_parallel_session_stops_its_processes_and_leaves_no_files(tmp_path):
    replace_index(tmp_path, [report(1)])
    before = sorted(p.name for p in tmp_path.iterdir())
    with IndexSession(tmp_path) as session:
        session.begin(full=True, procs=2)
        for document in many(350):
            session.add(document)
        writer_processes = session._writer.tasks
        # leaving without commit() cancels
    assert not any(task.is_alive() for task in writer_processes)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert stored_ids(tmp_path) == ["r1"]
