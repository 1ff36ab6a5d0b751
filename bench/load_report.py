"""The load test's figures: latency percentiles overall, per kind and per phase of the reindex,
the server's memory trend, what its log says, and the printed tables.

Pure arithmetic and printing over what bench/load_clients.py recorded: no HTTP, no processes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np

from bench.load_clients import Outcome
from bench.stats import percentiles

# Phases of a run, by when a request started relative to the reindex.
PHASES = ("before", "during", "after")


def phase_of(started: float, reindex: tuple[float, float] | None) -> str:
    if reindex is None or started < reindex[0]:
        return "before"
    return "during" if started < reindex[1] else "after"


def summarise(outcomes: list[Outcome], seconds: float, reindex, kinds) -> dict:
    """Requests, errors and latency (ms) overall, per kind and per phase of the reindex.
    Latency counts answered requests only (failures are counted apart)."""
    answered = [o for o in outcomes if o.status]
    failed = [o for o in outcomes if o.problem]
    by_phase = {phase: [] for phase in PHASES}
    for outcome in answered:
        by_phase[phase_of(outcome.started, reindex)].append(outcome.ms)
    return {
        "requests": len(outcomes),
        "seconds": seconds,
        "requests_per_s": len(outcomes) / seconds if seconds else 0.0,
        "bytes": sum(o.nbytes for o in outcomes),
        "errors": len(failed),
        "error_kinds": dict(Counter(o.problem for o in failed)),
        "error_samples": [
            {
                "kind": o.kind,
                "path": o.path[:300],
                "problem": o.problem,
                "at_s": round(o.started, 2),
            }
            for o in failed[:10]
        ],
        "latency_ms": percentiles([o.ms for o in answered]),
        "by_kind": {
            kind: {
                **percentiles([o.ms for o in answered if o.kind == kind]),
                "requests": sum(1 for o in outcomes if o.kind == kind),
                "errors": sum(1 for o in failed if o.kind == kind),
            }
            for kind in kinds
        },
        "by_phase": {phase: percentiles(values) for phase, values in by_phase.items()},
    }


def memory_summary(samples: list[tuple[float, float, float, float]], after: float = 0.0) -> dict:
    """RSS at the start, largest and at the end, and the slope of a least-squares line through
    the samples of the second half of the run (MB per minute): "not growing" as a figure.
    `after`: samples taken before this second (the server starting) are left out."""
    kept = [s for s in samples if s[0] >= after] or samples
    if not kept:
        return {"samples": 0}
    times = np.asarray([s[0] for s in kept])
    rss = np.asarray([s[1] for s in kept])
    half = times >= times[0] + (times[-1] - times[0]) / 2
    slope = 0.0
    if half.sum() >= 3 and np.ptp(times[half]) > 0:
        slope = float(np.polyfit(times[half], rss[half], 1)[0]) * 60
    loads = [s[3] for s in kept]
    return {
        "samples": len(kept),
        "rss_start_mb": float(rss[0]),
        "rss_max_mb": float(rss.max()),
        "rss_end_mb": float(rss[-1]),
        "rss_slope_second_half_mb_per_min": slope,
        "server_cpu_s": kept[-1][2] - kept[0][2],
        # The whole curve, coarsely: caches filling up level off, a leak does not.
        "rss_every_10s_mb": [
            round(float(rss[np.searchsorted(times, mark)]))
            for mark in np.arange(times[0], times[-1] + 1e-9, 10.0)
        ],
        "load_start": loads[0],
        "load_max": max(loads),
        "load_end": loads[-1],
    }


def server_log(log_path: Path) -> dict:
    """What the server wrote: tracebacks (each one an unhandled error) and waitress's warnings
    that requests waited in its queue."""
    text = log_path.read_text(errors="replace")
    depths = [int(depth) for depth in re.findall(r"Task queue depth is (\d+)", text)]
    first = text.find("Traceback")
    return {
        "path": str(log_path),
        "tracebacks": text.count("Traceback"),
        "first_traceback": text[max(0, first - 300) : first + 3000] if first >= 0 else "",
        "queue_warnings": len(depths),
        "max_queue_depth": max(depths, default=0),
    }


def _row(label: str, stats: dict, extra: str = "") -> str:
    if not stats.get("n"):
        return f"  {label:<14}{0:>7}" + extra
    return (
        f"  {label:<14}{stats['n']:>7,}{stats['median']:>9.1f}{stats['p95']:>9.1f}"
        f"{stats['p99']:>9.1f}{stats['max']:>9.1f}" + extra
    )


def print_figures(figures: dict) -> None:
    load, memory, log = figures["load"], figures["memory"], figures["server_log"]
    print(
        f"\n== {figures['size']:,} reports, {figures['clients']} clients (pausing "
        f"{figures['think_s']:g} s on average), server threads "
        f"{figures['server_threads']}, {figures['cpus']} CPUs shared by clients, server and "
        f"indexer\n  {load['requests']:,} requests in {load['seconds']:.1f} s: "
        f"{load['requests_per_s']:.1f} requests/s, {load['bytes'] / 1e6:,.1f} MB received"
    )
    print(f"\n  {'latency ms':<14}{'n':>7}{'median':>9}{'p95':>9}{'p99':>9}{'max':>9}  errors")
    print(_row("ALL", load["latency_ms"], f"  {load['errors']}"))
    for kind, stats in load["by_kind"].items():
        print(_row(kind, stats, f"  {stats['errors']}"))
    for phase in PHASES:
        print(_row(f"{phase} reindex", load["by_phase"][phase]))
    if load["errors"] or log["tracebacks"]:
        print(
            f"\n  !!! {load['errors']} ERRORS: {load['error_kinds']}; server tracebacks: "
            f"{log['tracebacks']} (log {log['path']})"
        )
        for sample in load["error_samples"]:
            print(f"  !!! {sample['problem']} at {sample['at_s']} s: {sample['path']}")
        print(log["first_traceback"])
    else:
        print("\n  errors: none (every request answered 200; no traceback in the server's log)")
    if figures["reindex"]:
        print_reindex(figures["reindex"])
    print(f"  server RSS every 10 s, MB: {memory['rss_every_10s_mb']}")
    cpu_ms = memory["server_cpu_s"] * 1000 / max(1, load["requests"])
    print(
        f"  server RSS: {memory['rss_start_mb']:.0f} MB at the start, max "
        f"{memory['rss_max_mb']:.0f}, {memory['rss_end_mb']:.0f} at the end; slope over the "
        f"second half {memory['rss_slope_second_half_mb_per_min']:+.1f} MB/min\n  server CPU "
        f"{memory['server_cpu_s']:.0f} s ({cpu_ms:.0f} ms per request), clients "
        f"{figures['client_cpu_s']:.0f} s; load average "
        f"{memory['load_start']:.1f} at the start, "
        f"max {memory['load_max']:.1f}, {memory['load_end']:.1f} at the end"
    )
    if log["queue_warnings"]:
        print(
            f"  waitress queued requests: {log['queue_warnings']} warnings, depth up to "
            f"{log['max_queue_depth']}"
        )


def print_reindex(reindex: dict) -> None:
    if "ended_s" in reindex:
        took = reindex["ended_s"] - reindex["started_s"]
        print(
            f"  reindex: {reindex['edited']:,} reports edited at {reindex['edit_started_s']:.1f} s;"
            f" the indexer ran from {reindex['started_s']:.1f} to {reindex['ended_s']:.1f} s "
            f"({took:.1f} s, {reindex['cpu_s']:.1f} s CPU, peak {reindex['peak_rss_mb']:.0f} MB),"
            f" exit {reindex['status']}: {reindex['summary']}"
        )
        seen = "SEEN" if reindex["new_generation_seen"] else "!!! NOT SEEN"
        print(
            f"  new generation: the marker word was in {reindex['marker_before']} reports before,"
            f" {reindex['marker_after']} after (of {reindex['marked']} marked), checked "
            f"{reindex['seen_after_s']:.2f} s after the indexer ended: {seen}"
        )
    if "problem" in reindex:
        print(f"  !!! reindex problem: {reindex['problem']}")
