"""Benchmark: cleaning + extraction speed on one core, in reports per second.

Reads the reports once, then times indexer.pipeline.process over them (best of --repeat runs).
Prints figures; it is not a pass/fail test.

Example: python bench/extract_speed.py ../shared/data/fakes-dev.csv --repeat 3
         python bench/extract_speed.py --synthetic 2000   # generated reports (bench/synthetic.py)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import compose  # noqa: E402
from indexer.config import SAMPLE_DIR  # noqa: E402
from indexer.finding import read_paths  # noqa: E402
from indexer.pipeline import process  # noqa: E402
from indexer.readers import ReadError  # noqa: E402
from indexer.readers.txt import read_txt  # noqa: E402


def synthetic_reports(count: int, seed: int = 1) -> list:
    """`count` generated reports, read as .txt files are."""
    raws = []
    for number in range(count):
        report = compose(seed, number)
        text = f"{report.title}\n\n{report.body}\n".encode()
        raws.extend(read_txt(text, f"r{number}.txt"))
    return raws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, help="default: the bundled sample corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", type=int, metavar="N", help="time N generated reports")
    args = parser.parse_args()
    if args.synthetic:
        raws = synthetic_reports(args.synthetic)
    else:
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
