"""Smoke tests of the query benchmark: the mix is deterministic and the FTS5 yardstick agrees with
the app on simple word queries, on a small generated corpus indexed in tmp_path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from bench.fts5_baseline import Fts5Search, build_database, ensure_database, match_expression
from bench.generate_corpus import generate
from bench.query_mix import KINDS, build_mix
from searchapp.params import parse_search_args
from searchapp.search import search
from tests.conftest import build_index, open_handle


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("query-bench")
    corpus, _written = generate(folder / "corpus", 300, seed=3, formats=("txt",))
    return build_index(folder / "index", corpus.out)


@pytest.fixture(scope="module")
def handle(small_index):
    return open_handle(small_index)


@pytest.fixture(scope="module")
def fts(handle, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("fts5") / "reports.sqlite"
    build_database(handle.searcher(), db_path)
    return Fts5Search(db_path)


def test_mix_is_deterministic_and_has_every_kind(handle):
    searcher = handle.searcher()
    first = build_mix(searcher, per_kind=3, seed=7)
    assert first == build_mix(searcher, per_kind=3, seed=7)
    assert first != build_mix(searcher, per_kind=3, seed=8)
    assert {request.kind for request in first} == set(KINDS)
    assert len(first) == 3 * len(KINDS)
    for request in first:  # every request is one the app accepts
        parse_search_args(MultiDict(list(request.args)))


def test_mix_requests_share_no_word(handle):
    searcher = handle.searcher()
    analyzer = searcher.schema["body"].analyzer
    seen: set[str] = set()
    for request in build_mix(searcher, per_kind=3, seed=7):
        q = dict(request.args).get("q", "")
        # AND, OR and NOT lowercase to stop words, which the analyzer drops.
        words = {t.text for t in analyzer(q)}
        assert not words & seen, request
        seen |= words


@pytest.mark.parametrize(
    "q, expected",
    [
        ("hospital", '"hospital"'),
        ('"heavy shelling" OR siege', '"heavy shelling" OR "siege"'),
        ("(a OR b) AND c NOT d", '( "a" OR "b" ) AND "c" NOT "d"'),
    ],
)
def test_match_expression(q, expected):
    assert match_expression(q) == expected


@pytest.mark.parametrize("q", ["hospital", "civilians", "killed", "shelling", "aid"])
def test_fts5_total_equals_app_total_for_simple_words(handle, fts, q):
    request = parse_search_args(MultiDict({"q": q}))
    searcher = handle.searcher()
    app = search(searcher, request, handle.engine(searcher))
    other = fts.search(request)
    assert app.total > 0
    assert other.total == app.total
    assert len(other.hits) == len(app.hits) == min(10, app.total)


def test_fts5_facets_and_timeline_equal_the_apps_for_filters(handle, fts):
    request = parse_search_args(
        MultiDict({"q": "", "year": ["2014", "2015"], "toll_range": "-none"})
    )
    searcher = handle.searcher()
    app = search(searcher, request, handle.engine(searcher))
    other = fts.search(request)
    assert other.total == app.total > 0
    assert other.facets == {
        f.name: {v.value: v.count for v in f.values if v.count} for f in app.facets
    }
    assert (other.timeline, other.undated) == (app.timeline, app.undated)


def test_database_is_reused_for_the_same_index(handle, tmp_path):
    db_path = tmp_path / "reports.sqlite"
    assert ensure_database(handle.searcher(), db_path) == "built"
    assert ensure_database(handle.searcher(), db_path) == "reused"


def test_the_benchmark_runs_end_to_end_with_and_without_fts5(tmp_path):
    script = Path(__file__).resolve().parents[1] / "bench" / "query_speed.py"
    common = ["--sizes", "300", "--workdir", str(tmp_path), "--per-kind", "2", "--repeats", "1"]

    def run(*extra: str) -> str:
        done = subprocess.run(
            [sys.executable, str(script), *common, *extra],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "ERROR" not in done.stdout
        return done.stdout

    alone = run("--no-fts5")
    assert not (tmp_path / "fts5-300-s1.sqlite").exists()
    assert "FTS5 not run (--no-fts5)" in alone
    [row] = [line for line in alone.splitlines() if line.strip().startswith("ALL ")][:1]
    cells = [cell.split() for cell in row.split("|")]
    assert cells[0] == ["ALL", str(2 * len(KINDS))]
    assert cells[2] == ["-", "-", "-"] and cells[3] == ["-", "-"]
    assert all(float(ms) > 0 for ms in cells[1])

    both = run()
    assert (tmp_path / "fts5-300-s1.sqlite").exists()
    [row] = [line for line in both.splitlines() if line.strip().startswith("ALL ")][:1]
    fts_cells = row.split("|")[2].split()
    assert all(float(ms) > 0 for ms in fts_cells)
