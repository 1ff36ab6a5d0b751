"""Benchmark: concurrent clients against `python -m searchapp` over the query mix while a reindex
runs. Prints requests/s, errors, latency percentiles (overall, per kind, before/during/after the
reindex) and the server's memory; never fails on them, but prints any error loudly.

Works on copies in a scratch folder: never writes to the indexes or corpora of the work folder.

Example: nice -n 5 python bench/load_test.py --size 10000 --workdir /tmp/bench-corpus \
    --clients 50 --seconds 60 [--threads 4] [--json /tmp/load.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import string
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from whoosh import index  # noqa: E402

from bench.generate_corpus import (  # noqa: E402
    Corpus,
    format_of,
    format_table,
    mutate,
    relative_path,
    restore,
)
from bench.index_speed import run_indexer  # noqa: E402
from bench.load_clients import (  # noqa: E402
    Client,
    Target,
    TreeSampler,
    api_total,
    start_server,
    stop_server,
)
from bench.load_report import memory_summary, print_figures, server_log, summarise  # noqa: E402
from bench.query_mix import KINDS, build_mix  # noqa: E402
from bench.query_speed import ensure_index  # noqa: E402
from indexer.schema import ID_FIELD  # noqa: E402
from searchapp.index import IndexHandle  # noqa: E402

ALL_KINDS = (*KINDS, "api", "report")
MARKED_REPORTS = 3  # edited reports that also get the marker word the new generation must find
AFTER_OVERRUN_S = 5.0  # when the reindex outlasts --seconds: keep the load on this long after it


def _sources(args) -> tuple[Path, Path]:
    """The index and corpus to copy: the ones named, else those of --size in the work folder
    (an index missing there is built the way bench/query_speed.py builds it)."""
    index_dir = args.index_dir or args.workdir / f"index-{args.size}-s{args.seed}"
    corpus_dir = args.corpus_dir or args.workdir / f"corpus-{args.size}-s{args.seed}"
    if args.index_dir is None and not index.exists_in(str(index_dir)):
        index_dir, how = ensure_index(args.workdir, args.size, args.seed, args.workers)
        print(f"  source index {index_dir}: {how}", flush=True)
    corpus = Corpus.load(corpus_dir)
    if corpus is None or not corpus.complete:
        raise SystemExit(f"{corpus_dir} is not a complete generated corpus (generate_corpus.py)")
    if not index.exists_in(str(index_dir)):
        raise SystemExit(f"{index_dir} holds no Whoosh index")
    return index_dir, corpus_dir


def relocate_manifest(index_dir: Path, corpus_dir: Path) -> int:
    """Point a copied index's manifest at the copied corpus; returns the files moved.

    The manifest keys files by absolute path, so without this the first run on the copy reads
    every file again (to find nothing to rewrite). Best effort: a manifest in a form not known
    here is left as it is, which costs time, never correctness.
    """
    root = str(corpus_dir.resolve()) + os.sep
    moved = 0
    for path in index_dir.glob("archive-manifest-*.sqlite"):
        db = sqlite3.connect(path)
        try:
            rows = db.execute("SELECT key, id_path FROM files").fetchall()
            moves = [(root + i, k) for k, i in rows if k.endswith(os.sep + i) and k != root + i]
            with db:
                db.executemany("UPDATE files SET key = ? WHERE key = ?", moves)
                db.executemany("UPDATE reports SET file = ? WHERE file = ?", moves)
            moved += len(moves)
        except sqlite3.Error as error:
            print(f"  manifest {path.name} left as it is: {error}")
        finally:
            db.close()
    for path in index_dir.glob("archive-manifest-*.json"):  # the indexer's older format
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = {}
            for key, entry in data["files"].items():
                fresh = root + entry[2]
                moved += key.endswith(os.sep + entry[2]) and key != fresh
                files[fresh if key.endswith(os.sep + entry[2]) else key] = entry
            data["files"] = files
            path.write_text(json.dumps(data), encoding="utf-8")
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            print(f"  manifest {path.name} left as it is: {error!r}")
    return moved


def prepare(args) -> tuple[Corpus, Path, dict]:
    """The scratch copy of the corpus and index (made once, then reused), put back as generated
    and brought up to date by an indexer run, so the reindex under load is a true incremental."""
    source_index, source_corpus = _sources(args)
    target = args.scratch / source_index.name
    figures = {"source_index": str(source_index), "source_corpus": str(source_corpus)}
    if not target.is_dir():
        started = time.perf_counter()
        partial = args.scratch / (source_index.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        # copy2 keeps modification times, which the manifest compares.
        shutil.copytree(source_corpus, partial / "corpus", symlinks=True)
        shutil.copytree(source_index, partial / "index")
        figures["manifest_files_moved"] = relocate_manifest(partial / "index", target / "corpus")
        os.replace(partial, target)
        figures["copy_s"] = time.perf_counter() - started
        print(f"  copied to {target} in {figures['copy_s']:.0f} s", flush=True)
    corpus = Corpus.load(target / "corpus")
    if not corpus.pristine:
        restore(corpus)
    command = [str(corpus.out), "--index", str(target / "index"), "--quiet"]
    command += ["--workers", str(args.workers)] if args.workers else []
    run = run_indexer(command)
    figures["catch_up"] = {"wall_s": run.wall, "status": run.status, "summary": run.summary}
    print(f"  catch-up run on the copy: {run.wall:.1f} s, exit {run.status}: {run.summary}")
    if run.status != 0:
        raise SystemExit("the catch-up indexer run failed; see its summary above")
    return corpus, target / "index", figures


def build_targets(index_dir: Path, per_kind: int, seed: int) -> list[Target]:
    """The search page for every request of the mix; the JSON API for one in three; a report
    page (with the words that led to it, for its highlighting) for one in four."""
    searcher = IndexHandle(index_dir).open_searcher()
    try:
        mix = build_mix(searcher, per_kind, seed)
        reader = searcher.reader()
        live = [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
        chosen = random.Random(seed).sample(live, min(len(live), len(mix) // 4 + 1))
        ids = [searcher.stored_fields(n)[ID_FIELD] for n in chosen]
    finally:
        searcher.close()
    targets = []
    for position, request in enumerate(mix):
        query = urlencode(list(request.args))
        targets.append(Target(request.kind, "/?" + query))
        if position % 3 == 0:
            targets.append(Target("api", "/api/search?" + query))
        if position % 4 == 0 and ids:
            words = dict(request.args).get("q")
            suffix = "?" + urlencode({"q": words}) if words else ""
            targets.append(Target("report", f"/report/{quote(ids.pop())}{suffix}"))
    return targets


class Reindex(threading.Thread):
    """At `at` seconds: edit a share of the corpus (a marker word appended to a few of the
    edited .txt reports), run the indexer, then check the server finds the marker."""

    def __init__(self, corpus: Corpus, index_dir: Path, port: int, zero: float, args):
        super().__init__(daemon=True)
        self.corpus, self.index_dir, self.port, self.zero = corpus, index_dir, port, zero
        self.args = args
        self.marker = "loadmark" + "".join(random.choices(string.ascii_lowercase, k=8))
        self.figures: dict = {"marker": self.marker}
        self.finished = threading.Event()

    def now(self) -> float:
        return time.perf_counter() - self.zero

    def run(self) -> None:
        figures = self.figures
        try:
            time.sleep(max(0.0, self.args.reindex_after - self.now()))
            figures["edit_started_s"] = self.now()
            changed = mutate(self.corpus, self.args.change, mutate_seed=2)
            marked = self.mark(changed)
            figures.update(edited=len(changed), marked=len(marked))
            figures["marker_before"] = api_total(self.port, self.marker)
            command = [str(self.corpus.out), "--index", str(self.index_dir), "--quiet"]
            command += ["--workers", str(self.args.workers)] if self.args.workers else []
            figures["started_s"] = self.now()
            run = run_indexer(command, timeout=self.args.reindex_timeout)
            figures["ended_s"] = self.now()
            figures.update(status=run.status, summary=run.summary, cpu_s=run.cpu)
            figures["peak_rss_mb"] = run.tree_rss_kb / 1000
            deadline = self.now() + 30
            while True:  # the server should see the new generation at its next request
                figures["marker_after"] = api_total(self.port, self.marker)
                if figures["marker_after"] == len(marked) or self.now() > deadline:
                    break
                time.sleep(0.2)
            figures["seen_after_s"] = self.now() - figures["ended_s"]
            figures["new_generation_seen"] = (
                figures["marker_before"] == 0 and figures["marker_after"] == len(marked) > 0
            )
        except Exception as error:  # reported with the figures; the load goes on
            figures["problem"] = f"{type(error).__name__}: {error}"
        finally:
            self.finished.set()

    def mark(self, changed: list[int]) -> list[int]:
        table = format_table(self.corpus.formats)
        marked = [n for n in changed if format_of(n, table) == "txt"][:MARKED_REPORTS]
        for number in marked:  # restore() rewrites edited reports whole, marker and all
            with open(
                self.corpus.out / relative_path(number, "txt"), "a", encoding="utf-8"
            ) as report:
                report.write(f"\n\nLoad test note {self.marker} appended.\n")
        return marked


def run_load(args) -> dict:
    """Prepare the copy, serve it, load it with the reindex in the middle; the figures."""
    args.scratch.mkdir(parents=True, exist_ok=True)
    corpus, index_dir, prepared = prepare(args)
    targets = build_targets(index_dir, args.per_kind, args.seed)
    log_path = args.scratch / f"server-{os.getpid()}.log"
    process, port, ready_s = start_server(index_dir, args.threads, log_path)
    print(
        f"  {len(targets)} URLs ({', '.join(sorted({t.kind for t in targets}))}); server on port "
        f"{port} with {args.threads} threads answered its first request after {ready_s:.1f} s",
        flush=True,
    )
    stop = threading.Event()
    zero, client_cpu = time.perf_counter(), time.process_time()
    sampler = TreeSampler(process.pid, zero)
    step = max(1, len(targets) // args.clients)
    clients = [
        Client(port, targets, number * step, stop, zero, args.timeout, args.think)
        for number in range(args.clients)
    ]
    reindex = Reindex(corpus, index_dir, port, zero, args)
    try:
        sampler.start()
        for client in clients:
            client.start()
        if args.reindex:
            reindex.start()
        time.sleep(args.seconds)
        if args.reindex and not reindex.finished.is_set():
            print("  the reindex outlasts the run: the load goes on until it ends", flush=True)
            reindex.finished.wait(args.reindex_timeout + 60)
            time.sleep(AFTER_OVERRUN_S)
    except BaseException:  # interrupted: take the server down with us; the next run's catch-up
        stop.set()  # puts the copy back in order
        stop_server(process)
        raise
    stop.set()
    for client in clients:
        client.join()
    seconds = time.perf_counter() - zero
    client_cpu = time.process_time() - client_cpu
    sampler.finish()
    stop_server(process)
    if args.reindex:
        reindex.join()
    restore(corpus)  # the copy as generated again; the next catch-up run follows it
    window = None
    if "ended_s" in reindex.figures:
        window = (reindex.figures["started_s"], reindex.figures["ended_s"])
    outcomes = [outcome for client in clients for outcome in client.outcomes]
    return {
        "size": args.size,
        "clients": args.clients,
        "server_threads": args.threads,
        "cpus": os.cpu_count(),
        "prepare": prepared,
        "targets": len(targets),
        "server_ready_s": ready_s,
        "load": summarise(outcomes, seconds, window, ALL_KINDS),
        "reindex": reindex.figures if args.reindex else None,
        "think_s": args.think,
        "client_cpu_s": client_cpu,
        "memory": memory_summary(sampler.samples),
        "server_log": server_log(log_path),
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000, help="reports in the corpus")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed and mix seed")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-corpus"))
    parser.add_argument("--index-dir", type=Path, help="source index (default: the work folder's)")
    parser.add_argument("--corpus-dir", type=Path, help="its corpus (default: the work folder's)")
    parser.add_argument(
        "--scratch", type=Path, default=Path("/tmp/load-test"), help="where the copies live"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause of a client between requests, s"
    )
    parser.add_argument("--threads", type=int, default=4, help="server threads (its default: 4)")
    parser.add_argument("--per-kind", type=int, default=24, help="mix requests of each kind")
    parser.add_argument("--timeout", type=float, default=30.0, help="client timeout, seconds")
    parser.add_argument("--reindex-after", type=float, default=10.0, help="seconds into the run")
    parser.add_argument("--change", type=float, default=0.01, help="share of reports edited")
    parser.add_argument("--no-reindex", dest="reindex", action="store_false")
    parser.add_argument("--reindex-timeout", type=float, default=1800.0)
    parser.add_argument("--workers", type=int, help="indexer workers (default: the indexer's)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser


def _terminated(_signal, _frame) -> None:
    raise SystemExit(143)  # so that the server subprocess is stopped on the way out


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    print(
        f"load test: {args.size:,} reports, {args.clients} clients for {args.seconds:g} s; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    figures = run_load(args)
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    return 0  # a benchmark: errors are printed, not turned into an exit status


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())
