"""The `python -m indexer` command on tmp_path folders: summary line, skips, report, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from whoosh import index

from indexer.cli import EXIT_FAILED, EXIT_LOCKED, main
from indexer.config import INDEX_ENV
from tests.conftest import make_client, write_reports

GOOD = {
    "a.txt": "Shelling in Homs\nShells hit Homs, killing 3 people.",
    "sub/b.txt": "Clashes in Hama\nFighting near Hama killed 12 people on 4 May 2015.",
}
# The contract the benchmark greps for.
SUMMARY = re.compile(
    r"^added (\d+), updated (\d+), removed (\d+), unchanged (\d+), skipped (\d+)"
    r"(?: \((.*)\))? in (\d+\.\d) s; index: (.+)$"
)


def doc_ids(index_dir):
    with index.open_dir(str(index_dir)).searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())


def summary_of(out: str) -> tuple:
    last = out.rstrip("\n").split("\n")[-1]
    match = SUMMARY.match(last)
    assert match, last
    return match.groups()


def test_indexes_a_folder_and_prints_the_summary_line_last(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", GOOD)
    (reports / "empty.txt").write_text("")
    (reports / "bad.csv").write_text("name,age\nx,1\n")
    ix = tmp_path / "ix"
    assert main([str(reports), "--index", str(ix)]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1  # stdout holds the summary only; progress goes to stderr
    added, updated, removed, unchanged, skipped, reasons, _, where = summary_of(out)
    assert (added, updated, removed, unchanged, skipped) == ("2", "0", "0", "0", "2")
    assert reasons == "1 no text column, 1 empty file; list them with --report FILE"
    assert where == str(ix)
    assert "skipped empty.txt: empty file" in err
    assert "skipped bad.csv: no text column" in err
    assert doc_ids(ix) == ["a.txt", "sub/b.txt"]


def test_a_second_run_reports_everything_unchanged(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", GOOD)
    ix = tmp_path / "ix"
    assert main([str(reports), "--index", str(ix), "-q"]) == 0
    (reports / "c.txt").write_text("Airstrike in Idlib\nJets struck Idlib, killing 5.")
    assert main([str(reports), "--index", str(ix), "-q"]) == 0
    out = capsys.readouterr().out.strip().split("\n")
    assert summary_of(out[0])[:5] == ("2", "0", "0", "0", "0")
    assert summary_of(out[1])[:5] == ("1", "0", "0", "2", "0")
    assert doc_ids(ix) == ["a.txt", "c.txt", "sub/b.txt"]


def test_quiet_prints_the_summary_only(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", GOOD)
    (reports / "empty.txt").write_text("")
    assert main([str(reports), "--index", str(tmp_path / "ix"), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert summary_of(out)[4:6] == ("1", "1 empty file; list them with --report FILE")


def test_report_writes_one_json_line_per_skip(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", GOOD)
    (reports / "empty.txt").write_text("")
    (reports / "rows.csv").write_text("id,title,text\n1,First,Body one\n2,Only a title,\n")
    report = tmp_path / "skipped.jsonl"
    assert main([str(reports), "--index", str(tmp_path / "ix"), "-q", "--report", str(report)]) == 0
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert sorted(lines, key=lambda d: d["path"]) == [
        {"path": "empty.txt", "row": None, "reason": "empty file"},
        {"path": "rows.csv", "row": 3, "reason": "a title but no text"},
    ]
    assert f"see {report})" in capsys.readouterr().out


def test_an_unwritable_report_file_is_a_clear_error(tmp_path, capsys):
    reports = write_reports(tmp_path / "reports", GOOD)
    bad = tmp_path / "no-such-folder" / "r.jsonl"
    assert main([str(reports), "--index", str(tmp_path / "ix"), "--report", str(bad)]) == 1
    assert "cannot write the report file" in capsys.readouterr().err
    assert not (tmp_path / "ix").exists()


def test_a_run_with_nothing_to_index_keeps_the_old_index(tmp_path, capsys):
    index_dir = tmp_path / "ix"
    assert main([str(write_reports(tmp_path / "reports", GOOD)), "--index", str(index_dir)]) == 0
    assert main([str(tmp_path / "typo-in-path"), "--index", str(index_dir)]) == EXIT_FAILED
    assert "left as it was" in capsys.readouterr().err
    assert doc_ids(index_dir) == ["a.txt", "sub/b.txt"]


def test_a_run_that_reads_nothing_says_why_even_when_quiet(tmp_path, capsys):
    index_dir, typo = tmp_path / "ix", tmp_path / "typo-in-path"
    assert main([str(typo), "--index", str(index_dir), "--quiet"]) == EXIT_FAILED
    err = capsys.readouterr().err.strip()
    assert err == (
        "error: no reports were read, so the index was left as it was "
        f"(skipped {typo}: no such file or folder)"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty), "--index", str(index_dir), "--quiet"]) == EXIT_FAILED
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("(no report files were found under the paths given)")
    )
    others = write_reports(tmp_path / "others", {f"{n}.txt": "" for n in range(4)})
    assert main([str(others), "--index", str(index_dir), "--quiet"]) == EXIT_FAILED
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("(skipped 4: 4 empty file; list them with --report FILE)")
    )


def test_a_second_indexer_is_refused_while_one_writes(tmp_path, capsys):
    index_dir = tmp_path / "ix"
    reports = write_reports(tmp_path / "reports", GOOD)
    assert main([str(reports), "--index", str(index_dir)]) == 0
    writer = index.open_dir(str(index_dir)).writer()  # holds the same lock another run would
    try:
        assert main([str(reports), "--index", str(index_dir)]) == EXIT_LOCKED
        assert "another indexer is writing" in capsys.readouterr().err
    finally:
        writer.cancel()
    assert doc_ids(index_dir) == ["a.txt", "sub/b.txt"]


def test_an_index_path_that_is_a_file_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    reports = write_reports(tmp_path / "reports", GOOD)
    assert main([str(reports), "--index", str(blocker / "ix")]) == EXIT_FAILED
    assert "cannot write the index folder" in capsys.readouterr().err


def test_duplicate_ids_are_reported_and_the_first_kept(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r.csv").write_text("id,title,text\n1,First,Body one\n1,Again,Body two\n")
    assert main([str(folder), "--index", str(tmp_path / "ix")]) == 0
    assert "skipped r.csv, row 3: duplicate report id '1'" in capsys.readouterr().err
    assert doc_ids(tmp_path / "ix") == ["1"]


def test_a_deleted_file_is_removed_from_the_index(tmp_path, capsys):
    folder = write_reports(tmp_path / "reports", GOOD)
    assert main([str(folder), "--index", str(tmp_path / "ix")]) == 0
    (folder / "a.txt").unlink()
    assert main([str(folder), "--index", str(tmp_path / "ix")]) == 0
    assert summary_of(capsys.readouterr().out)[:5] == ("0", "0", "1", "1", "0")
    assert doc_ids(tmp_path / "ix") == ["sub/b.txt"]


def test_full_rebuilds_everything(tmp_path, capsys):
    folder = write_reports(tmp_path / "reports", GOOD)
    assert main([str(folder), "--index", str(tmp_path / "ix"), "-q"]) == 0
    assert main([str(folder), "--index", str(tmp_path / "ix"), "-q", "--full"]) == 0
    assert summary_of(capsys.readouterr().out.split("\n")[1])[:5] == ("0", "0", "0", "2", "0")
    assert doc_ids(tmp_path / "ix") == ["a.txt", "sub/b.txt"]


def test_workers_must_not_be_negative(tmp_path, capsys):
    try:
        main(["--workers", "-1", "--index", str(tmp_path / "ix")])
    except SystemExit as exit:
        assert exit.code == 2
    assert "--workers must be 0 or more" in capsys.readouterr().err


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
    added, updated, removed, unchanged, skipped, _, _, where = summary_of(result.stdout)
    assert where == str(env_index) and skipped == "0"
    total = make_client(env_index).get("/api/search").get_json()["total"]
    assert total == int(added) >= 35
