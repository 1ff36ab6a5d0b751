"""The load test at a tiny scale: a real server, real clients and a real reindex on a generated
corpus of 300 reports in tmp_path; plus its figures' arithmetic. Not a timed pass/fail test."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from bench.generate_corpus import Corpus, generate
from bench.load_clients import Outcome
from bench.load_report import PHASES, memory_summary, summarise
from bench.load_test import ALL_KINDS, main, relocate_manifest
from indexer.run import index_paths
from tests.conftest import TODAY, build_index

FIGURE_KEYS = {
    "size",
    "clients",
    "server_threads",
    "cpus",
    "prepare",
    "targets",
    "server_ready_s",
    "load",
    "reindex",
    "memory",
    "server_log",
    "think_s",
    "client_cpu_s",
}


def _tree(folder):
    return {p.relative_to(folder): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_load_run_with_a_reindex(tmp_path, capsys):
    work, scratch = tmp_path / "work", tmp_path / "scratch"
    corpus, _written = generate(work / "corpus-300-s1", 300, seed=1)
    source_index = build_index(work / "index-300-s1", corpus.out)
    source_files = _tree(source_index)
    corpus_files = _tree(corpus.out)
    figures_path = tmp_path / "load.json"
    status = main(
        [
            *("--size", "300", "--workdir", str(work), "--scratch", str(scratch)),
            *("--clients", "4", "--seconds", "5", "--reindex-after", "1.5"),
            *("--per-kind", "2", "--json", str(figures_path)),
        ]
    )
    printed = capsys.readouterr().out
    assert status == 0
    figures = json.loads(figures_path.read_text(encoding="utf-8"))
    assert set(figures) == FIGURE_KEYS
    load = figures["load"]
    assert load["errors"] == 0 and load["error_kinds"] == {} and load["error_samples"] == []
    assert figures["server_log"]["tracebacks"] == 0
    assert "errors: none" in printed and "!!!" not in printed
    # Every kind of request was made, and every answered request falls in one phase.
    assert set(load["by_kind"]) == set(ALL_KINDS)
    assert all(load["by_kind"][kind]["requests"] > 0 for kind in ALL_KINDS)
    assert load["requests"] == sum(stats["requests"] for stats in load["by_kind"].values())
    assert sum(load["by_phase"][phase]["n"] for phase in PHASES) == load["latency_ms"]["n"]
    assert load["by_phase"]["before"]["n"] > 0 and load["by_phase"]["after"]["n"] > 0
    assert set(load["latency_ms"]) == {"n", "median", "p95", "p99", "max"}
    # The reindex ran during the load, and the server then searched the new generation.
    reindex = figures["reindex"]
    assert "problem" not in reindex
    assert reindex["status"] == 0 and reindex["edited"] == 3
    assert 1.5 <= reindex["edit_started_s"] <= reindex["started_s"] < reindex["ended_s"]
    assert "updated 3" in reindex["summary"]
    assert reindex["marker_before"] == 0
    assert reindex["marker_after"] == reindex["marked"] >= 1
    assert reindex["new_generation_seen"] is True
    memory = figures["memory"]
    assert memory["samples"] >= 5 and memory["rss_start_mb"] > 20
    assert memory["rss_start_mb"] <= memory["rss_max_mb"] and memory["server_cpu_s"] > 0
    # The copies were used and put back; the sources were never written.
    assert Corpus.load(scratch / "index-300-s1" / "corpus").pristine
    assert _tree(source_index) == source_files and _tree(corpus.out) == corpus_files
    # The copy's manifest was pointed at the copied corpus: catching up rewrote nothing.
    files = sum(1 for p in corpus.out.rglob("*") if p.is_file() and p.name != ".corpus.json")
    assert figures["prepare"]["manifest_files_moved"] == files
    catch_up = figures["prepare"]["catch_up"]
    assert catch_up["status"] == 0 and "updated 0, removed 0, unchanged 300" in catch_up["summary"]


def test_a_relocated_copy_reads_no_file_again(tmp_path):
    corpus, _written = generate(tmp_path / "corpus", 40, seed=2, formats=("txt", "csv"))
    hour_ago = time.time_ns() - 3600 * 10**9
    for path in corpus.out.rglob("*"):  # files written just now are re-read whatever happens
        os.utime(path, ns=(hour_ago, hour_ago))
    index_dir = build_index(tmp_path / "index", corpus.out)
    for name in ("moved", "not-moved"):
        shutil.copytree(corpus.out, tmp_path / name / "corpus")
        shutil.copytree(index_dir, tmp_path / name / "index")
    moved = relocate_manifest(tmp_path / "moved" / "index", tmp_path / "moved" / "corpus")
    files = sum(1 for p in corpus.out.rglob("*.*") if p.suffix in (".txt", ".csv"))
    assert moved == files
    for name, read in (("moved", 0), ("not-moved", files)):
        copy = tmp_path / name
        summary = index_paths([copy / "corpus"], copy / "index", today=TODAY)
        assert (summary.files, summary.files_read) == (files, read)
        assert (summary.unchanged, summary.indexed, summary.removed) == (40, 0, 0)


def _outcome(kind, started, ms, status=200, problem=""):
    return Outcome(kind, "/?q=" + kind, started, ms, status, 10, problem)


def test_figures_split_by_phase_and_count_errors():
    outcomes = [
        _outcome("rare", 1.0, 10.0),
        _outcome("rare", 5.0, 30.0),
        _outcome("api", 6.0, 20.0),
        _outcome("api", 9.0, 0.0, status=0, problem="TimeoutError"),
        _outcome("report", 12.0, 40.0, status=500, problem="HTTP 500"),
    ]
    figures = summarise(outcomes, 10.0, (4.0, 8.0), ("rare", "api", "report"))
    assert figures["requests"] == 5 and figures["requests_per_s"] == 0.5
    assert figures["errors"] == 2
    assert figures["error_kinds"] == {"TimeoutError": 1, "HTTP 500": 1}
    assert [s["path"] for s in figures["error_samples"]] == ["/?q=api", "/?q=report"]
    # The timeout has no latency; the 500 was answered and counts in the latency figures.
    assert figures["latency_ms"]["n"] == 4 and figures["latency_ms"]["max"] == 40.0
    assert {p: figures["by_phase"][p]["n"] for p in PHASES} == {
        "before": 1,
        "during": 2,
        "after": 1,
    }
    assert figures["by_kind"]["api"] == {**figures["by_kind"]["api"], "requests": 2, "errors": 1}
    assert figures["by_kind"]["rare"]["median"] == 20.0


@pytest.mark.parametrize("rise_per_s, slope", [(0.0, 0.0), (0.5, 30.0)])
def test_memory_slope_is_taken_over_the_second_half(rise_per_s, slope):
    # A jump early on (caches filling) does not count; a steady rise later does.
    samples = [
        (t, 100.0 if t < 3 else 200.0 + rise_per_s * (t - 3), t / 10, 1.5) for t in range(21)
    ]
    figures = memory_summary(samples)
    assert figures["rss_start_mb"] == 100.0
    assert figures["rss_end_mb"] == 200.0 + rise_per_s * 17
    assert figures["rss_slope_second_half_mb_per_min"] == pytest.approx(slope)
    assert figures["server_cpu_s"] == pytest.approx(2.0) and figures["samples"] == 21
    assert figures["rss_every_10s_mb"] == [
        100,
        round(200 + 7 * rise_per_s),
        round(200 + 17 * rise_per_s),
    ]
