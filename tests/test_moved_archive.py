"""Moving or renaming the archive folder: its unchanged files are recognised, not read again."""

from __future__ import annotations

import shutil

from indexer.run import index_paths
from tests.conftest import TODAY, make_client, write_reports
from tests.indexer_runs import age
from tests.test_incremental import CSV, REPORTS, counts, generation

# One CSV export (three reports) and three text files.
FILES = len(REPORTS) + 1
ALL = len(REPORTS) + 3


def run(folder, ix, **options):
    return index_paths([folder], ix, today=TODAY, workers=0, **options)


def archive(root):
    folder = write_reports(root, REPORTS)
    (folder / "exports.csv").write_text(CSV)
    age(folder)
    return folder


def hits(ix, q: str) -> list[str]:
    found = make_client(ix).get("/api/search", query_string={"q": q}).get_json()
    return sorted(hit["id"] for hit in found["hits"])


def test_a_moved_archive_is_not_read_again_and_the_index_answers_the_same(tmp_path):
    folder = archive(tmp_path / "reports")
    ix = tmp_path / "ix"
    run(folder, ix)
    before = generation(ix), hits(ix, "killed OR killing")
    moved = folder.rename(tmp_path / "archive-2015")

    summary = run(moved, ix)
    assert counts(summary) == (0, 0, 0, ALL, 0)
    assert summary.files_moved == FILES
    assert (generation(ix), hits(ix, "killed OR killing")) == before
    # The manifest now knows the files by their new paths: the next run finds them unchanged.
    again = run(moved, ix)
    assert (counts(again), again.files_moved) == ((0, 0, 0, ALL, 0), 0)


def test_a_file_edited_after_the_move_is_read_and_updated_the_rest_kept(tmp_path):
    folder = archive(tmp_path / "reports")
    ix = tmp_path / "ix"
    run(folder, ix)
    moved = folder.rename(tmp_path / "moved")
    (moved / "hama.txt").write_text("Clashes in Hama\nFighting near Hama killed 40 people.")
    (moved / "homs.txt").unlink()

    summary = run(moved, ix)
    assert counts(summary) == (0, 1, 1, ALL - 2, 1)
    assert summary.files_moved == FILES - 2
    assert hits(ix, "homs") == []
    assert hits(ix, "40") == ["hama.txt"]


def test_a_copy_beside_the_original_is_read_but_nothing_rewritten(tmp_path):
    # The original is still there, so the copy's files are not taken for it: they are read,
    # and as their reports are the same, the index is not rewritten.
    folder = archive(tmp_path / "reports")
    ix = tmp_path / "ix"
    run(folder, ix)
    before = generation(ix)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, copy_function=shutil.copy2)

    summary = run(copy, ix)
    assert counts(summary) == (0, 0, 0, ALL, FILES)
    assert summary.files_moved == 0
    assert generation(ix) == before


def test_a_renamed_file_is_a_new_report_and_its_old_one_is_removed(tmp_path):
    # Report ids are paths within the archive, so renaming a file inside it is not a move.
    folder = archive(tmp_path / "reports")
    ix = tmp_path / "ix"
    run(folder, ix)
    moved = folder.rename(tmp_path / "moved")
    (moved / "homs.txt").rename(moved / "homs-shelling.txt")

    summary = run(moved, ix)
    assert counts(summary) == (1, 0, 1, ALL - 1, 1)
    assert summary.files_moved == FILES - 1
    assert hits(ix, "homs") == ["homs-shelling.txt"]


def test_two_archives_that_once_held_the_same_file_claim_it_once(tmp_path):
    # Both new folders hold "homs.txt" with the stat of the one indexed: only the first given
    # takes its place; the other is read, and its report is a duplicate id.
    folder = archive(tmp_path / "reports")
    ix = tmp_path / "ix"
    run(folder, ix)
    first = folder.rename(tmp_path / "a")
    second = tmp_path / "b"
    second.mkdir()
    shutil.copy2(first / "homs.txt", second / "homs.txt")

    summary = index_paths([first, second], ix, today=TODAY, workers=0)
    assert summary.files_moved == FILES
    assert summary.files_read == 1
    assert [error.reason.split(" ")[0] for error in summary.skipped] == ["duplicate"]
    assert counts(summary)[:4] == (0, 0, 0, ALL)
