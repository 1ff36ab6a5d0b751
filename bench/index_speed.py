"""Benchmark: indexing speed, memory and index size on synthetic corpora, through the real CLI.

For each size: generate the corpus (or reuse it, keyed by size and seed), run a full index with
`python -m indexer` in a subprocess, then a run with nothing changed, one after editing 1 % of
the reports, one after adding and removing a few; prints a table. Prints figures, never fails on
them. Leaves the corpus as generated (changes are undone), never touches the repository's index.

Example: python bench/index_speed.py --sizes 10000,100000 --workdir /tmp/bench-corpus --workers 2
Writer comparison: ... --sizes 10000 --writers 1,2 --no-incremental --index-root /tmp/my-indexes
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_accuracy import accuracy, format_accuracy, sample_numbers  # noqa: E402
from bench.generate_corpus import (  # noqa: E402
    Corpus,
    add_reports,
    corpus_bytes,
    generate,
    mutate,
    remove_reports,
    restore,
)
from bench.procfs import cpu_seconds, descendants, name, rss_kb  # noqa: E402
from bench.stage_times import print_stages  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
_INCREMENTAL = ("unchanged", "changed", "add_remove")
MB = 1_000_000


@dataclass
class Run:
    """One indexer process: wall and CPU seconds, peak memory, exit status, last output line."""

    wall: float
    cpu: float
    max_rss_kb: int  # the largest single process (the indexer or one of its workers)
    tree_rss_kb: int  # the indexer and all its workers together, sampled every 0.1 s
    status: int
    summary: str
    # CPU seconds and process count by process name ("main", "indexer:extract", ...), sampled
    # every 0.1 s: the last tenth of a second of each worker process is not counted.
    by_name: dict[str, tuple[float, int]] = field(default_factory=dict)

    @property
    def main_cpu(self) -> float:
        """The indexer process alone (its serial part)."""
        return self.by_name.get("main", (0.0, 0))[0]

    def cpu_by_name(self, reports: int) -> str:
        """The CPU of each kind of process, in all and per report, on one line."""
        return "; ".join(
            f"{label} ×{count} {cpu:,.1f} s ({1000 * cpu / reports:.2f} ms a report)"
            for label, (cpu, count) in sorted(self.by_name.items())
        )


def run_indexer(args: list[str], timeout: float | None = None) -> Run:
    """Run `python -m indexer ARGS` from the repository and measure it."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "indexer", *args], cwd=REPO, stdout=out, stderr=subprocess.STDOUT
        )
        peak = [0]
        names: dict[int, str] = {}
        cpu: dict[int, float] = {}  # by process, the latest figure
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                pids = descendants(process.pid)
                peak[0] = max(peak[0], sum(map(rss_kb, pids)))
                for pid in pids:  # read each time: a worker names itself just after forking
                    names[pid] = "main" if pid == process.pid else name(pid) or names.get(pid, "")
                    cpu[pid] = cpu_seconds(pid) or cpu.get(pid, 0.0)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            # wait4 gives this child's own resource use (with its reaped workers'), unlike
            # RUSAGE_CHILDREN, which keeps the maximum over every run so far.
            _pid, status, usage = _wait4(process, timeout, started)
        finally:
            done.set()
            sampler.join()
        wall = time.perf_counter() - started
        out.seek(0)
        lines = [line.strip() for line in out.read().splitlines() if line.strip()]
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_kb=usage.ru_maxrss,
        tree_rss_kb=peak[0],
        status=os.waitstatus_to_exitcode(status),
        summary=lines[-1] if lines else "",
        by_name=_by_name(names, cpu),
    )


def _by_name(names: dict[int, str], cpu: dict[int, float]) -> dict[str, tuple[float, int]]:
    totals: dict[str, tuple[float, int]] = {}
    for pid, seconds in cpu.items():
        label = names.get(pid) or "other"
        spent, count = totals.get(label, (0.0, 0))
        totals[label] = (spent + seconds, count + 1)
    return totals


def _wait4(process: subprocess.Popen, timeout: float | None, started: float):
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        if timeout and time.perf_counter() - started > timeout:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        time.sleep(0.05)


def cli_flags() -> set[str]:
    """Which of the issue-5 flags the installed indexer CLI offers (its --help lists them)."""
    shown = subprocess.run(
        [sys.executable, "-m", "indexer", "--help"], cwd=REPO, capture_output=True, text=True
    ).stdout
    return {flag for flag in ("--full", "--workers", "--writers") if flag in shown}


def folder_bytes(folder: Path) -> int:
    return sum(
        (Path(root) / name).stat().st_size
        for root, _dirs, files in os.walk(folder)
        for name in files
    )


def ensure_corpus(workdir: Path, size: int, seed: int) -> tuple[Corpus, str]:
    out = workdir / f"corpus-{size}-s{seed}"
    corpus = Corpus.load(out)
    if corpus is not None and corpus.matches(size, seed, corpus.formats):
        if not corpus.pristine:
            restore(corpus)
        return corpus, "reused"
    started = time.perf_counter()
    corpus, _written = generate(out, size, seed)
    return corpus, f"generated in {time.perf_counter() - started:.1f} s"


def _segments(index_dir: Path) -> int:
    from whoosh import index

    return len(index.open_dir(str(index_dir))._segments())


def bench_size(size: int, args, flags: set[str]) -> dict:
    corpus, how = ensure_corpus(args.workdir, size, args.seed)
    input_bytes = corpus_bytes(corpus.out)
    files = sum(len(f) for _r, _d, f in os.walk(corpus.out)) - 1  # the state file
    print(f"\n== {size:,} reports: {files:,} files, {input_bytes / MB:,.1f} MB ({how})", flush=True)
    writers = args.writers if "--writers" in flags else [None]
    index_dir = args.index_root / f"index-{size}-s{args.seed}"
    options = ["--quiet"]
    if "--workers" in flags and args.workers:
        options += ["--workers", str(args.workers)]
    result = {"files": files, "input_mb": input_bytes / MB, "full_runs": []}

    def timed(label: str, extra: list[str] = ()) -> Run:
        args_ = [str(corpus.out), "--index", str(index_dir), *options, *extra]
        run = run_indexer(args_, args.timeout)
        print(
            f"  {label}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU ({run.main_cpu:.1f} s in the "
            f"main process), peak RSS {run.max_rss_kb / 1e3:,.0f} MB (tree "
            f"{run.tree_rss_kb / 1e3:,.0f} MB), load {os.getloadavg()[0]:.1f}, "
            f"exit {run.status}: {run.summary}",
            flush=True,
        )
        return run

    try:
        if args.reuse_index and index_dir.is_dir():
            # Bring the kept index up to date with the restored corpus; not a full run.
            timed("catch-up run (--reuse-index)")
        else:
            for count in writers:
                if len(writers) > 1:  # one index per writer count, the last one kept for the rest
                    index_dir = args.index_root / f"index-{size}-s{args.seed}-w{count}"
                shutil.rmtree(index_dir, ignore_errors=True)
                extra = ["--full"] if "--full" in flags else []
                extra += ["--writers", str(count)] if count else []
                label = f"full index{f', {count} writer processes' if count else ''}"
                result["full"] = run = timed(label, extra)
                print(f"    CPU by process: {run.cpu_by_name(size)}", flush=True)
                index_mb, segments = folder_bytes(index_dir) / MB, _segments(index_dir)
                result["full_runs"].append((count, run, index_mb, segments))
        result["index_mb"] = folder_bytes(index_dir) / MB
        if args.incremental:
            result["unchanged"] = timed("no change")
            changed = mutate(corpus, args.change, mutate_seed=2)
            result["changed_count"] = len(changed)
            result["changed"] = timed(f"{len(changed):,} reports edited")
            add_reports(corpus, args.add_remove)
            remove_reports(corpus, args.add_remove)
            result["add_remove"] = timed(f"+{args.add_remove} / -{args.add_remove} reports")
    finally:
        restore(corpus)
    if args.accuracy_sample:
        numbers = sample_numbers(size, args.accuracy_sample)
        share = accuracy(args.seed, numbers, dt.date.today(), corpus.formats)
        print(f"  extraction vs planted truth ({len(numbers)} reports): {format_accuracy(share)}")
    return result


def _cells(results: dict[int, dict], sizes: list[int], args) -> list[tuple[str, list[str]]]:
    def each(get) -> list[str]:
        cells = []
        for size in sizes:
            try:
                cells.append(get(results[size], size))
            except KeyError:
                cells.append("-")
        return cells

    return [
        ("files", each(lambda r, s: f"{r['files']:,}")),
        ("input MB", each(lambda r, s: f"{r['input_mb']:,.1f}")),
        ("full index, wall s", each(lambda r, s: f"{r['full'].wall:,.1f}")),
        ("full index, CPU s (all processes)", each(lambda r, s: f"{r['full'].cpu:,.1f}")),
        ("full index, CPU s (main process)", each(lambda r, s: f"{r['full'].main_cpu:,.1f}")),
        ("reports/s (wall)", each(lambda r, s: f"{s / r['full'].wall:,.0f}")),
        ("MB/s (wall)", each(lambda r, s: f"{r['input_mb'] / r['full'].wall:,.2f}")),
        (
            "full: peak RSS, largest process MB",
            each(lambda r, s: f"{r['full'].max_rss_kb / 1e3:,.0f}"),
        ),
        (
            "full: peak RSS, process tree MB",
            each(lambda r, s: f"{r['full'].tree_rss_kb / 1e3:,.0f}"),
        ),
        ("index size MB", each(lambda r, s: f"{r['index_mb']:,.1f}")),
        ("no-change run s", each(lambda r, s: f"{r['unchanged'].wall:,.1f}")),
        (f"{args.change:.0%} edited run s", each(lambda r, s: f"{r['changed'].wall:,.1f}")),
        (
            f"+{args.add_remove} / -{args.add_remove} run s",
            each(lambda r, s: f"{r['add_remove'].wall:,.1f}"),
        ),
        (
            "incremental: peak RSS, largest process MB",
            each(lambda r, s: f"{max(r[k].max_rss_kb for k in _INCREMENTAL) / 1e3:,.0f}"),
        ),
    ]


def print_table(results: dict[int, dict], sizes: list[int], args) -> None:
    rows = _cells(results, sizes, args)
    width = max(len(label) for label, _ in rows)
    print("\n" + " " * width + "".join(f"{size:>14,}" for size in sizes))
    for label, cells in rows:
        print(f"{label:<{width}}" + "".join(f"{cell:>14}" for cell in cells))
    for size in sizes:
        runs = results[size].get("full_runs", [])
        if len(runs) > 1:
            print_writers(size, runs)


def print_writers(size: int, runs: list) -> None:
    """The full runs of one size side by side, one line per number of writer processes."""
    print(
        f"\nfull index of {size:,} reports by writer processes: wall s, reports/s, CPU s (all "
        "processes), ms/report, main process CPU s, peak RSS largest / tree MB, index MB, segments"
    )
    for count, run, index_mb, segments in runs:
        print(
            f"  {count}: {run.wall:8.1f} {size / run.wall:6.0f} {run.cpu:8.1f} "
            f"{1000 * run.cpu / size:6.1f} {run.main_cpu:8.1f} {run.max_rss_kb / 1e3:6.0f} / "
            f"{run.tree_rss_kb / 1e3:4.0f} {index_mb:7.1f} {segments:3}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000", help="comma-separated, e.g. 10000,100000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-corpus"))
    parser.add_argument("--workers", type=int, help="passed on when the CLI has --workers")
    parser.add_argument(
        "--writers",
        default="",
        help="writer processes for the full index, e.g. 2, or 1,2 to compare (one index each)",
    )
    parser.add_argument(
        "--index-root",
        type=Path,
        help="folder for the indexes (default: the work folder)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--change", type=float, default=0.01, help="share of reports to edit")
    parser.add_argument("--add-remove", type=int, default=100, help="reports to add and remove")
    parser.add_argument("--no-incremental", dest="incremental", action="store_false")
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="keep the index of an earlier benchmark run (no full index; incremental runs only)",
    )
    parser.add_argument("--accuracy-sample", type=int, default=500, help="0: skip")
    parser.add_argument("--timeout", type=float, help="seconds before an indexer run is killed")
    parser.add_argument(
        "--stages",
        type=int,
        metavar="N",
        help="only time each indexing stage in this process on N reports of the first size",
    )
    parser.add_argument("--limitmb", type=int, default=128, help="Whoosh pool size for --stages")
    parser.add_argument(
        "--separate-files", action="store_true", help="--stages: no compound segment file"
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.writers = [int(n) for n in args.writers.split(",") if n.strip()] or [None]
    args.index_root = args.index_root or args.workdir
    args.index_root.mkdir(parents=True, exist_ok=True)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.stages:
        corpus, _how = ensure_corpus(args.workdir, sizes[0], args.seed)
        print_stages(corpus.out, args.stages, args.limitmb, not args.separate_files)
        return
    flags = cli_flags()
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; indexer CLI flags: "
        f"{', '.join(sorted(flags)) or 'neither --full nor --workers'}; workdir {args.workdir}"
    )
    results = {}
    for size in sizes:
        results[size] = bench_size(size, args, flags)
    print_table(results, sizes, args)
    print(
        f"load average at the end {os.getloadavg()[0]:.1f} (other work on the machine slows "
        "the wall-clock figures; CPU seconds are steadier)"
    )


if __name__ == "__main__":
    main()
