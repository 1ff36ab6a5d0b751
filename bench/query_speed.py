"""Benchmark: a whole search request through the app's own search layer, against SQLite FTS5.

For each corpus size: reuse (or build, via bench/index_speed.py) the index, build the mix
(bench/query_mix.py) and the FTS5 database (bench/fts5_baseline.py), then time every request cold
and warm in both, in the same process. Prints median, p95, p99 per kind; never fails on them.

Example: nice -n 10 python bench/query_speed.py --sizes 10000,100000 --workdir /tmp/bench-corpus \
    --reuse-index [--per-kind 24] [--repeats 2] [--json /tmp/query-speed.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

from werkzeug.datastructures import MultiDict

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from whoosh import index  # noqa: E402

from bench.fts5_baseline import Fts5Search, ensure_database  # noqa: E402
from bench.query_mix import KINDS, build_mix  # noqa: E402
from bench.stats import percentiles  # noqa: E402
from searchapp.index import IndexHandle  # noqa: E402
from searchapp.params import parse_search_args  # noqa: E402
from searchapp.search import search  # noqa: E402

TARGET_P95_MS = 100.0
# What the two ways answer besides the total, in the order AppWay.run and Fts5Way.run give it.
_PARTS = ("hits", "facets", "timeline", "undated")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def ensure_index(workdir: Path, size: int, seed: int, workers: int | None) -> tuple[Path, str]:
    """The index of the generated corpus of `size`: reused when present, else built the way
    bench/index_speed.py builds it (the real CLI in a subprocess)."""
    index_dir = workdir / f"index-{size}-s{seed}"
    if index.exists_in(str(index_dir)):
        return index_dir, "reused"
    from bench.index_speed import cli_flags, ensure_corpus, run_indexer

    corpus, how = ensure_corpus(workdir, size, seed)
    flags = cli_flags()
    extra = ["--full"] if "--full" in flags else []
    if workers and "--workers" in flags:
        extra += ["--workers", str(workers)]
    run = run_indexer([str(corpus.out), "--index", str(index_dir), "--quiet", *extra])
    if run.status != 0:
        raise SystemExit(f"indexing {corpus.out} failed ({run.status}): {run.summary}")
    return index_dir, f"built in {run.wall:.0f} s (corpus {how})"


class AppWay:
    """The app's search layer, called exactly as its view calls it."""

    def __init__(self, index_dir: Path):
        self.handle = IndexHandle(index_dir)

    def run(self, args: MultiDict):
        request = parse_search_args(args)
        searcher = self.handle.searcher()
        results = search(searcher, request, self.handle.engine(searcher))
        facets = {f.name: {v.value: v.count for v in f.values if v.count} for f in results.facets}
        return results.total, len(results.hits), facets, results.timeline, results.undated


class Fts5Way:
    def __init__(self, db_path: Path, cache_mb: int):
        self.fts = Fts5Search(db_path, cache_mb)

    def run(self, args: MultiDict):
        results = self.fts.search(parse_search_args(args))
        return results.total, len(results.hits), results.facets, results.timeline, results.undated


def _timed(way, args: MultiDict, cpu: list | None = None):
    """Wall milliseconds, the answer (None on error) and the error; appends CPU ms to `cpu`."""
    started, started_cpu = time.perf_counter(), time.process_time()
    answer, problem = None, None
    try:
        answer = way.run(args)
    except Exception as error:  # reported, not fatal: the benchmark goes on with the others
        problem = f"{type(error).__name__}: {error}"
    if cpu is not None:
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (time.perf_counter() - started) * 1000, answer, problem


def _pass(mix, app: AppWay, fts: Fts5Way | None, times, checks: list | None, errors) -> None:
    for position, request in enumerate(mix):
        args = MultiDict(list(request.args))
        # Alternate which way goes first, so neither always finds the machine's caches warmer.
        order = (
            (("app", app), ("fts5", fts)) if position % 2 == 0 else (("fts5", fts), ("app", app))
        )
        answers = {"fts5": None}
        for name, way in order:
            if way is None:  # --no-fts5
                continue
            cpu = times[name + "_cpu"].setdefault(request.kind, [])
            ms, answer, error = _timed(way, args, cpu)
            times[name].setdefault(request.kind, []).append(ms)
            answers[name] = answer
            if error:
                errors.append((name, request.label(), error))
        if checks is not None and answers["app"] and answers["fts5"]:
            checks.append((request, answers["app"], answers["fts5"]))


def _differences(checks: list) -> dict:
    """Per kind: requests whose totals differ, and (totals equal) whose counts differ."""
    found: dict[str, dict] = {kind: {"totals": [], "counts": []} for kind in KINDS}
    for request, app, fts in checks:
        if app[0] != fts[0]:
            found[request.kind]["totals"].append((request.label(), app[0], fts[0]))
        elif app[1:] != fts[1:]:
            what = [part for part, a, f in zip(_PARTS, app[1:], fts[1:], strict=True) if a != f]
            found[request.kind]["counts"].append((request.label(), ", ".join(what)))
    return found


def bench_size(size: int, args) -> dict:
    index_dir, how = ensure_index(args.workdir, size, args.seed, args.workers)
    db_path = args.workdir / f"fts5-{size}-s{args.seed}.sqlite"
    print(f"\n== {size:,} reports: index {index_dir} ({how})", flush=True)
    # The mix and the database are read with a searcher of their own, closed before timing.
    builder = IndexHandle(index_dir).open_searcher()
    try:
        started = time.perf_counter()
        mix = build_mix(builder, args.per_kind, args.seed)
        print(f"  mix: {len(mix)} requests in {time.perf_counter() - started:.1f} s", flush=True)
        if args.fts5:
            started = time.perf_counter()
            built = ensure_database(builder, db_path)
            print(f"  FTS5 database {db_path}: {built} in {time.perf_counter() - started:.1f} s")
    finally:
        builder.close()
    landing = MultiDict()
    first = {}
    started = time.perf_counter()
    app = AppWay(index_dir)
    app.handle.searcher()
    first["app_open_ms"] = (time.perf_counter() - started) * 1000
    first["app_first_ms"], _answer, error = _timed(app, landing)
    first["app_second_ms"], _answer, _error = _timed(app, landing)
    fts = None
    if args.fts5:
        started = time.perf_counter()
        fts = Fts5Way(db_path, args.sqlite_cache_mb)
        first["fts5_open_ms"] = (time.perf_counter() - started) * 1000
        first["fts5_first_ms"], _answer, _error = _timed(fts, landing)
        first["fts5_second_ms"], _answer, _error = _timed(fts, landing)
    fts_first = (
        f"; FTS5 {first['fts5_open_ms']:.1f} ms to connect + {first['fts5_first_ms']:.0f} ms, "
        f"then {first['fts5_second_ms']:.1f} ms"
        if fts
        else "; FTS5 not run (--no-fts5)"
    )
    print(
        "  first request after opening (the landing page, no words, no filters; OS file cache "
        f"as earlier runs left it): app {first['app_open_ms']:.0f} ms to open + "
        f"{first['app_first_ms']:.0f} ms (builds the per-generation arrays), then "
        f"{first['app_second_ms']:.1f} ms{fts_first}" + (f"; app error: {error}" if error else ""),
        flush=True,
    )
    cold = {"app": {}, "fts5": {}, "app_cpu": {}, "fts5_cpu": {}}
    warm = {"app": {}, "fts5": {}, "app_cpu": {}, "fts5_cpu": {}}
    checks, errors = [], []
    _pass(mix, app, fts, cold, checks, errors)
    for _ in range(args.repeats):
        _pass(mix, app, fts, warm, None, errors)
    result = {
        "size": size,
        "requests": len(mix),
        "first": first,
        "cold": _summary(cold),
        "warm": _summary(warm),
        "differences": _differences(checks),
        "errors": errors,
    }
    if fts is not None:
        fts.fts.close()
    print_size(result, args.repeats)
    result["peak_rss_mb"] = peak_rss_mb()
    print(f"  process peak RSS so far: {result['peak_rss_mb']:,.0f} MB", flush=True)
    return result


def _summary(times: dict) -> dict:
    summary = {}
    for name, by_kind in times.items():
        summary[name] = {kind: percentiles(by_kind.get(kind, [])) for kind in KINDS}
        summary[name]["ALL"] = percentiles([ms for values in by_kind.values() for ms in values])
        # Phrases go through Whoosh's own matcher, far slower than the rest: shown apart too.
        summary[name]["ALL_BUT_PHRASE"] = percentiles(
            [ms for kind, values in by_kind.items() if kind != "phrase" for ms in values]
        )
        summary[name]["samples"] = by_kind
    return summary


def _ratio(app: dict, fts: dict, key: str) -> str:
    if not app.get("n") or not fts.get("n") or not fts[key]:
        return "-"
    return f"{app[key] / fts[key]:.2f}"


def _ms(figures: dict, key: str, width: int = 8) -> str:
    return f"{figures[key]:>{width}.1f}" if figures.get("n") else f"{'-':>{width}}"


def print_table(title: str, figures: dict, differences: dict | None) -> None:
    print(f"\n  {title}")
    print(
        "  (wall ms; then this process's CPU ms, which other work on the machine does not inflate)"
    )
    head = (
        f"  {'kind':<15}{'n':>5} | {'app med':>8}{'p95':>8}{'p99':>8} | "
        f"{'fts5 med':>9}{'p95':>8}{'p99':>8} | {'app/fts5 med':>12}{'p95':>6} | "
        f"{'CPU app med':>11}{'p95':>8}{'fts5 med':>9}{'p95':>8}"
    )
    if differences is not None:
        head += f" | {'totals differ':>13}"
    print(head)
    for kind in (*KINDS, "ALL", "ALL_BUT_PHRASE"):
        app, fts = figures["app"][kind], figures["fts5"][kind]
        app_cpu, fts_cpu = figures["app_cpu"][kind], figures["fts5_cpu"][kind]
        if not app.get("n"):
            continue
        line = (
            f"  {kind:<15}{app['n']:>5} | {app['median']:>8.1f}{app['p95']:>8.1f}"
            f"{app['p99']:>8.1f} | {_ms(fts, 'median', 9)}{_ms(fts, 'p95')}{_ms(fts, 'p99')} | "
            f"{_ratio(app, fts, 'median'):>12}{_ratio(app, fts, 'p95'):>6} | "
            f"{app_cpu['median']:>11.1f}{app_cpu['p95']:>8.1f}"
            f"{_ms(fts_cpu, 'median', 9)}{_ms(fts_cpu, 'p95')}"
        )
        if differences is not None:
            if kind == "ALL_BUT_PHRASE":
                differing = sum(len(d["totals"]) for k, d in differences.items() if k != "phrase")
            elif kind == "ALL":
                differing = sum(len(d["totals"]) for d in differences.values())
            else:
                differing = len(differences[kind]["totals"])
            line += f" | {differing:>13}"
        print(line)


def print_size(result: dict, repeats: int) -> None:
    size = result["size"]
    print_table(
        f"{size:,} reports, COLD: each request's first run in this process (its words never "
        "searched before; facet arrays already built), ms",
        result["cold"],
        result["differences"],
    )
    print_table(
        f"{size:,} reports, WARM: the same requests repeated {repeats}x (app match-set cache and "
        "SQLite page cache hot), ms",
        result["warm"],
        None,
    )
    cold, warm = result["cold"]["app"], result["warm"]["app"]
    print(
        f"\n  app p95 over the whole mix, cold: {cold['ALL']['p95']:.1f} ms, warm: "
        f"{warm['ALL']['p95']:.1f} ms; without phrases, cold: {cold['ALL_BUT_PHRASE']['p95']:.1f} "
        f"ms, warm: {warm['ALL_BUT_PHRASE']['p95']:.1f} ms "
        f"(issue 6 target: <= {TARGET_P95_MS:g} ms)"
    )
    shown = 0
    for kind, found in result["differences"].items():
        for label, app_total, fts_total in found["totals"]:
            if shown < 12:
                print(f"  totals differ ({kind}): {label}  app {app_total:,}, FTS5 {fts_total:,}")
            shown += 1
        for label, what in found["counts"]:
            if shown < 12:
                print(f"  same total, different {what} ({kind}): {label}")
            shown += 1
    if shown > 12:
        print(f"  ... {shown - 12} more differences (see --json)")
    for name, label, error in result["errors"][:10]:
        print(f"  ERROR in {name}: {label}: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated, e.g. 1000000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-corpus"))
    parser.add_argument("--seed", type=int, default=1, help="corpus seed and mix seed")
    parser.add_argument("--per-kind", type=int, default=24, help="requests of each kind")
    parser.add_argument("--repeats", type=int, default=2, help="warm passes over the mix")
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="use the index already in the work folder as it is (what happens anyway when one "
        "exists; an index is only built when missing)",
    )
    parser.add_argument("--workers", type=int, help="indexer workers, when an index is built")
    parser.add_argument(
        "--sqlite-cache-mb", type=int, default=0, help="SQLite page cache; 0: SQLite's default"
    )
    parser.add_argument(
        "--no-fts5",
        dest="fts5",
        action="store_false",
        help="time the app alone (no FTS5 database is built; the comparison columns show -)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {args.per_kind} requests "
        f"per kind, seed {args.seed}, {args.repeats} warm passes; FTS5 database built from the "
        "index's stored fields (the same reports, rowid = Whoosh document number)",
        flush=True,
    )
    results = [bench_size(size, args) for size in sizes]
    print(
        f"\nprocess peak RSS {peak_rss_mb():,.0f} MB (app and SQLite together, including "
        f"building the mix and any FTS5 database); load average at the end "
        f"{os.getloadavg()[0]:.1f}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
