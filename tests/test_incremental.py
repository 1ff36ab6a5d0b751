"""Incremental runs: unchanged files are not opened, changes are added, updated and removed."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from whoosh import index

from bench.generate_corpus import generate
from indexer import run as run_module
from indexer.run import index_paths
from indexer.version import _source_files
from indexer.writer import NothingToIndex, replace_index
from tests.conftest import TODAY, make_client, write_reports
from tests.indexer_runs import age

REPORTS = {
    "homs.txt": "Shelling in Homs\nShells hit Homs, killing 3 people.",
    "hama.txt": "Clashes in Hama\nFighting near Hama killed 12 people on 4 May 2015.",
    "idlib/strike.txt": "Airstrike on Idlib market\nJets struck a market in Idlib, killing 20.",
}
CSV = (
    "id,title,text\n"
    "c1,Raid on Douma,Helicopters bombed Douma killing 7 civilians.\n"
    "c2,Convoy hit near Aleppo,A convoy was hit near Aleppo and 4 people were killed.\n"
    "c3,Mortars on Damascus,Mortar shells hit Damascus killing 2 people.\n"
)


def run(folder: Path, ix: Path, **options):
    return index_paths([folder], ix, today=TODAY, workers=0, **options)


def counts(summary) -> tuple:
    return summary.added, summary.updated, summary.removed, summary.unchanged, summary.files_read


def generation(ix: Path) -> int:
    return index.open_dir(str(ix)).latest_generation()


def search_total(ix: Path, q: str) -> int:
    return make_client(ix).get("/api/search", query_string={"q": q}).get_json()["total"]


def test_a_run_with_no_change_opens_no_file_and_commits_nothing(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    (folder / "exports.csv").write_text(CSV)
    age(folder)
    ix = tmp_path / "ix"
    assert counts(run(folder, ix)) == (6, 0, 0, 0, 4)
    before = generation(ix)
    assert counts(run(folder, ix)) == (0, 0, 0, 6, 0)
    assert generation(ix) == before


def test_added_changed_and_deleted_files(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    age(folder)
    ix = tmp_path / "ix"
    run(folder, ix)
    assert search_total(ix, "market") == 1
    (folder / "idlib/strike.txt").write_text(
        "Airstrike on Idlib hospital\nJets struck a hospital in Idlib, killing 9."
    )
    (folder / "hama.txt").unlink()
    (folder / "raqqa.txt").write_text("Raqqa bombing\nA car bomb in Raqqa killed 15 people.")
    assert counts(run(folder, ix)) == (1, 1, 1, 1, 2)
    assert search_total(ix, "market") == 0
    assert search_total(ix, "hospital") == 1
    assert search_total(ix, "Raqqa") == 1
    assert search_total(ix, "Hama") == 0
    assert make_client(ix).get("/api/search").get_json()["total"] == 3
    report = make_client(ix).get("/api/report/idlib/strike.txt").get_json()
    assert report["death_toll"] == 9 and report["title"] == "Airstrike on Idlib hospital"


def test_a_touched_file_with_the_same_content_is_read_but_not_rewritten(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    age(folder)
    ix = tmp_path / "ix"
    run(folder, ix)
    before = generation(ix)
    os.utime(folder / "homs.txt", (time.time() - 30, time.time() - 30))
    assert counts(run(folder, ix)) == (0, 0, 0, 3, 1)
    assert generation(ix) == before
    # The new stat was remembered: the next run does not read it again.
    assert counts(run(folder, ix)) == (0, 0, 0, 3, 0)


def test_only_the_changed_rows_of_a_csv_are_rewritten(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    exports = folder / "exports.csv"
    exports.write_text(CSV)
    age(folder)
    ix = tmp_path / "ix"
    run(folder, ix)
    # Row c2 changes, c3 is removed, c4 appended after c2 (rows c1 and c2 keep their rows).
    exports.write_text(
        "id,title,text\n"
        "c1,Raid on Douma,Helicopters bombed Douma killing 7 civilians.\n"
        "c2,Convoy hit near Aleppo,A convoy was hit near Aleppo and 40 people were killed.\n"
        "c4,Shelling of Daraa,Shelling of Daraa killed 6 people.\n"
    )
    age(folder)
    assert counts(run(folder, ix)) == (1, 1, 1, 1, 1)
    client = make_client(ix)
    assert client.get("/api/report/c2").get_json()["death_toll"] == 40
    assert client.get("/api/report/c3").status_code == 404
    assert client.get("/api/report/c4").get_json()["death_toll"] == 6


def test_skips_of_unchanged_files_are_reported_again(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    (folder / "empty.txt").write_text("")
    (folder / "rows.csv").write_text("id,title,text\n1,First,Body one\n2,Only a title,\n")
    age(folder)
    ix = tmp_path / "ix"
    first = run(folder, ix)
    second = run(folder, ix)
    assert second.files_read == 0
    assert (
        sorted(map(str, second.skipped))
        == sorted(map(str, first.skipped))
        == [
            "empty.txt: empty file",
            "rows.csv, row 3: a title but no text",
        ]
    )


def test_a_duplicate_id_is_indexed_once_its_first_holder_is_gone(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.csv").write_text("id,title,text\nx,From A,Text of A about Homs.\n")
    (folder / "b.csv").write_text("id,title,text\nx,From B,Text of B about Hama.\n")
    age(folder)
    ix = tmp_path / "ix"
    first = run(folder, ix)
    assert [str(e) for e in first.skipped] == ["b.csv, row 2: duplicate report id 'x'"]
    (folder / "a.csv").unlink()
    second = run(folder, ix)
    assert (second.updated, second.removed, second.skipped) == (1, 0, [])
    assert make_client(ix).get("/api/report/x").get_json()["title"] == "From B"


def test_changed_extraction_code_rebuilds_in_full(tmp_path, monkeypatch):
    folder = write_reports(tmp_path / "reports", REPORTS)
    age(folder)
    ix = tmp_path / "ix"
    run(folder, ix)
    monkeypatch.setattr(run_module, "extraction_version", lambda: "a-newer-version")
    summary = run(folder, ix)
    assert (summary.full, summary.full_reason) == (True, "the extraction code changed")
    assert counts(summary) == (0, 0, 0, 3, 3)
    assert counts(run(folder, ix)) == (0, 0, 0, 3, 0)


def test_the_extraction_version_covers_extraction_code_only():
    names = {path.name for path in _source_files()}
    assert {"clean.py", "pipeline.py", "schema.py", "tolls.py", "tabular.py"} <= names
    assert not names & {"run.py", "writer.py", "cli.py", "manifest.py", "workers.py"}


def test_full_re_extracts_everything_and_counts_changes(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    age(folder)
    ix = tmp_path / "ix"
    run(folder, ix)
    (folder / "homs.txt").write_text("Shelling in Homs\nShells hit Homs, killing 4 people.")
    summary = run(folder, ix, full=True)
    assert summary.full and counts(summary) == (0, 1, 0, 2, 3)


def test_an_index_without_a_manifest_is_rebuilt_once(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    age(folder)
    ix = tmp_path / "ix"
    from indexer.records import Report

    replace_index(ix, [Report(id="homs.txt", title="Old", body="Old text.", path="homs.txt")])
    summary = run(folder, ix)
    assert (summary.full_reason, summary.added, summary.updated) == ("no manifest", 2, 1)
    assert counts(run(folder, ix)) == (0, 0, 0, 3, 0)


def test_a_mistyped_path_never_empties_the_index(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    ix = tmp_path / "ix"
    run(folder, ix)
    with pytest.raises(NothingToIndex):
        run(tmp_path / "no-such-folder", ix)
    assert make_client(ix).get("/api/search").get_json()["total"] == 3


def test_worker_processes_build_the_same_index(tmp_path):
    folder = tmp_path / "reports"
    texts = {
        f"{n:03d}.txt": f"Report {n} from Homs\nShelling killed {n % 40 + 1} people in Homs."
        for n in range(120)
    }
    write_reports(folder, texts)
    (folder / "rows.csv").write_text(CSV)
    age(folder)
    in_process = index_paths([folder], tmp_path / "one", today=TODAY, workers=0)
    pooled = index_paths([folder], tmp_path / "two", today=TODAY, workers=2)
    assert counts(in_process) == counts(pooled) == (123, 0, 0, 0, 121)

    def documents(ix):
        with index.open_dir(str(ix)).searcher() as searcher:
            return sorted(searcher.all_stored_fields(), key=lambda d: d["id"])

    assert documents(tmp_path / "one") == documents(tmp_path / "two")


def as_json_manifest(ix: Path) -> None:
    """Turn the index's SQLite manifest into the JSON one (format 1) an older version wrote."""
    (path,) = ix.glob("archive-manifest-*.sqlite")
    generation = int(path.stem.rsplit("-", 1)[1])
    db = sqlite3.connect(path)
    meta = dict(db.execute("SELECT name, value FROM meta"))
    files = {
        key: [mtime, size, id_path, {}, json.loads(skipped)]
        for key, mtime, size, id_path, skipped in db.execute(
            "SELECT key, mtime_ns, size, id_path, skipped FROM files"
        )
    }
    for report_id, key, mark in db.execute("SELECT id, file, fingerprint FROM reports"):
        files[key][3][report_id] = mark
    db.close()
    legacy = {"format": 1, "generation": generation, "segments": json.loads(meta["segments"])}
    legacy.update(code_version=meta["code_version"], files=files)
    (ix / f"archive-manifest-{generation}.json").write_text(json.dumps(legacy))
    path.unlink()


def test_an_index_with_the_older_json_manifest_is_migrated_not_rebuilt(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    (folder / "exports.csv").write_text(CSV)
    age(folder)
    ix = tmp_path / "ix"
    run(folder, ix)
    as_json_manifest(ix)
    before = generation(ix)
    summary = run(folder, ix)
    assert (summary.full, counts(summary)) == (False, (0, 0, 0, 6, 0))
    assert generation(ix) == before
    (folder / "hama.txt").unlink()
    assert counts(run(folder, ix)) == (0, 0, 1, 5, 0)
    assert sorted(p.name for p in ix.glob("archive-manifest*")) == [
        f"archive-manifest-{before + 1}.sqlite"
    ]


def test_a_file_reached_twice_is_read_once(tmp_path):
    folder = write_reports(tmp_path / "reports", REPORTS)
    age(folder)
    ix = tmp_path / "ix"
    summary = index_paths([folder, folder / "homs.txt"], ix, today=TODAY, workers=0)
    assert (summary.files, summary.added, summary.skipped) == (3, 3, [])


def test_a_path_given_with_dot_dot_is_indexed_and_then_skipped(tmp_path):
    # Files are keyed by their absolute path; a path given in another spelling (relative, or
    # with "..") must still find its way from the workers back to its file.
    folder = write_reports(tmp_path / "reports", REPORTS)
    age(folder)
    given = tmp_path / "reports" / ".." / "reports"
    ix = tmp_path / "ix"
    assert counts(index_paths([given], ix, today=TODAY, workers=0)) == (3, 0, 0, 0, 3)
    assert counts(index_paths([folder], ix, today=TODAY, workers=0)) == (0, 0, 0, 3, 0)


# Full runs write in several processes (one segment each); incremental runs in one, on top.


def term_statistics(ix: Path) -> dict:
    """Every word of every field: document count, total frequency (for the spelling words only
    the frequency: the writers count them, one posting per word and segment)."""
    with index.open_dir(str(ix)).reader() as reader:
        return {
            (name, word): (
                None if name.startswith("spell_") else reader.doc_frequency(name, word),
                reader.frequency(name, word),
            )
            for name, word in reader.all_terms()
        }


def answers(ix: Path, query: dict) -> dict:
    found = make_client(ix).get("/api/search", query_string=query).get_json()
    kept = {key: found[key] for key in ("total", "facets", "timeline", "map", "suggestion")}
    # Hits of equal score may come in another order when the documents sit in other segments.
    kept["hits"] = sorted(hit["id"] for hit in found["hits"]) if found["total"] <= 10 else None
    return kept


def test_writer_processes_build_an_index_that_answers_the_same(tmp_path):
    corpus, _files = generate(tmp_path / "corpus", 450, seed=3)
    one = index_paths([corpus.out], tmp_path / "one", today=TODAY, workers=2, writers=1)
    two = index_paths([corpus.out], tmp_path / "two", today=TODAY, workers=2, writers=2)
    assert counts(one) == counts(two) and one.added == 450
    sizes = [s.doc_count_all() for s in index.open_dir(str(tmp_path / "two"))._segments()]
    assert len(sizes) == 2 and sum(sizes) == 450
    assert term_statistics(tmp_path / "one") == term_statistics(tmp_path / "two")
    queries = [
        {},
        {"q": "killed"},
        {"q": "shelling", "sort": "toll"},
        {"q": "hospitl"},  # did you mean: read from the spelling words' frequencies
        {"city": "Aleppo", "from": "2014-01-01", "to": "2016-12-31"},
        {"q": '"at least"', "actor": "-Russia"},
    ]
    for query in queries:
        assert answers(tmp_path / "one", query) == answers(tmp_path / "two", query), query


def numbered(folder: Path, numbers: range, word: str = "original") -> None:
    """Write report files n (each with its own word, `word` + n), dated a minute back."""
    past = time.time() - 60
    for n in numbers:
        path = folder / f"{n:04d}.txt"
        path.write_text(
            f"Shelling in Homs, report {n}\nShells hit Homs, killing {n % 30 + 1} people. "
            f"The {word}{n} account of the day.\n"
        )
        os.utime(path, (past, past))


def test_an_incremental_run_after_a_parallel_full_run_keeps_every_report_once(tmp_path):
    folder, ix = tmp_path / "reports", tmp_path / "ix"
    folder.mkdir()
    numbered(folder, range(400))
    assert run(folder, ix, writers=2).added == 400
    assert len(index.open_dir(str(ix))._segments()) == 2
    numbered(folder, range(0, 400, 10), word="edited")  # 40 edits, spread over both segments
    for n in range(5, 400, 50):
        (folder / f"{n:04d}.txt").unlink()
    numbered(folder, range(400, 420))
    assert counts(run(folder, ix, writers=2)) == (20, 40, 8, 352, 60)
    expected = sorted(f"{n:04d}.txt" for n in range(420) if n >= 400 or n % 50 != 5)
    with index.open_dir(str(ix)).searcher() as searcher:
        assert sorted(f["id"] for f in searcher.all_stored_fields()) == expected  # once each
    assert search_total(ix, "edited120") == 1 and search_total(ix, "original120") == 0
    assert search_total(ix, "original121") == 1 and search_total(ix, "original355") == 0
    assert search_total(ix, "original405") == 1 and search_total(ix, "original") == 0
    assert search_total(ix, "homs") == len(expected)
