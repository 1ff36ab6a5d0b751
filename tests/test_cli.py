"""The `python -m indexer` command on tmp_path folders: summary, skips, exit codes, safety."""

from __future__ import annotations

import subprocess
import sys

from whoosh import index

from indexer.cli import main
from indexer.config import INDEX_ENV
from tests.conftest import make_client, write_reports

GOOD = {
    "a.txt": "Shelling in Homs\nShells hit Homs, killing 3 people.",
    "sub/b.txt": "Clashes in Hama\nFighting near Hama killed 12 people on 4 May 2015.",
}


def doc_ids(index_dir):
    with index.open_dir(str(index_dir)).searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())


def test_indexes_a_folder_and_prints_a_summary(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", GOOD)
    (reports / "empty.txt").write_text("")
    (reports / "bad.csv").write_text("name,age\nx,1\n")
    assert main([str(reports), "--index", str(tmp_path / "ix")]) == 0
    out, err = capsys.readouterr()
    assert "indexed 2 reports from 4 files" in out and "skipped 2" in out
    assert "skipped empty.txt: empty file" in err
    assert "skipped bad.csv: no text column" in err
    assert doc_ids(tmp_path / "ix") == ["a.txt", "sub/b.txt"]


def test_quiet_prints_skips_in_the_summary_only(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", GOOD)
    (reports / "empty.txt").write_text("")
    assert main([str(reports), "--index", str(tmp_path / "ix"), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "  skipped empty.txt: empty file" in out


def test_a_run_with_nothing_to_index_keeps_the_old_index(tmp_path, capsys):
    index_dir = tmp_path / "ix"
    assert main([str(write_reports(tmp_path / "reports", GOOD)), "--index", str(index_dir)]) == 0
    assert main([str(tmp_path / "typo-in-path"), "--index", str(index_dir)]) == 1
    assert "left as it was" in capsys.readouterr().err
    assert doc_ids(index_dir) == ["a.txt", "sub/b.txt"]


def test_a_second_indexer_is_refused_while_one_writes(tmp_path, capsys):
    index_dir = tmp_path / "ix"
    reports = write_reports(tmp_path / "reports", GOOD)
    assert main([str(reports), "--index", str(index_dir)]) == 0
    writer = index.open_dir(str(index_dir)).writer()
    try:
        assert main([str(reports), "--index", str(index_dir)]) == 1
        assert "another indexer is writing" in capsys.readouterr().err
    finally:
        writer.cancel()
    assert doc_ids(index_dir) == ["a.txt", "sub/b.txt"]


def test_an_unwritable_index_folder_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    reports = write_reports(tmp_path / "reports", GOOD)
    assert main([str(reports), "--index", str(blocker / "ix")]) == 1
    assert "cannot write the index folder" in capsys.readouterr().err


def test_duplicate_ids_are_reported_and_the_first_kept(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r.csv").write_text("id,title,text\n1,First,Body one\n1,Again,Body two\n")
    assert main([str(folder), "--index", str(tmp_path / "ix")]) == 0
    assert "skipped r.csv, row 3: duplicate report id '1'" in capsys.readouterr().err
    assert doc_ids(tmp_path / "ix") == ["1"]


def test_a_reindex_replaces_the_contents(tmp_path):
    folder = write_reports(tmp_path / "reports", GOOD)
    assert main([str(folder), "--index", str(tmp_path / "ix")]) == 0
    (folder / "a.txt").unlink()
    assert main([str(folder), "--index", str(tmp_path / "ix")]) == 0
    assert doc_ids(tmp_path / "ix") == ["sub/b.txt"]


def test_python_dash_m_indexer_indexes_the_sample_into_the_environment_index(tmp_path):
    env_index = tmp_path / "env-index"
    result = subprocess.run(
        [sys.executable, "-m", "indexer", "--quiet"],
        env={"PATH": "", INDEX_ENV: str(env_index), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"into {env_index}" in result.stdout and "skipped 0" in result.stdout
    total = make_client(env_index).get("/api/search").get_json()["total"]
    assert total == int(result.stdout.split("indexed ")[1].split()[0]) >= 35
