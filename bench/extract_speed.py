"""Benchmark: cleaning + extraction speed on one core, in reports per second.

Reads the reports once, then times indexer.pipeline.process over them (best of --repeat runs).
Prints figures; it is not a pass/fail test.

Example: python bench/extract_speed.py ../shared/data/fakes-dev.csv --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from indexer.config import SAMPLE_DIR
from indexer.pipeline import process
from indexer.readers import ReadError, read_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, help="default: the bundled sample corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    raws = [r for r in read_paths(args.paths or [SAMPLE_DIR]) if not isinstance(r, ReadError)]
    chars = sum(len(r.title) + len(r.body) for r in raws)
    today = dt.date.today()
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        for raw in raws:
            process(raw, today)
        best = min(best, time.perf_counter() - started)
    print(f"reports: {len(raws)}  average length: {chars / max(len(raws), 1):.0f} chars")
    print(
        f"clean + extract, one core: {len(raws) / best:,.0f} reports/s ({best:.2f} s, best of "
        f"{args.repeat})"
    )


if __name__ == "__main__":
    main()
