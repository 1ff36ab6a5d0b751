"""How often the indexer's extraction finds what the synthetic-corpus generator planted.

Each sampled report is rendered in its format, read by the indexer's own reader and run through
indexer.pipeline.process; a sanity check of the pipeline on synthetic text, not a measure of its
accuracy on real reports (see `python -m indexer.evaluate` for that). Prints figures only.

Example: python bench/corpus_accuracy.py --sample 500 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_formats import jsonl_line, render_csv, render_html, render_txt  # noqa: E402
from bench.generate_corpus import format_of, format_table  # noqa: E402
from bench.synthetic import FORMATS, SyntheticReport, Truth, compose  # noqa: E402
from indexer.pipeline import process  # noqa: E402
from indexer.places import governorates_of  # noqa: E402
from indexer.readers import READERS  # noqa: E402
from indexer.records import Report  # noqa: E402
from indexer.tolls import toll_range  # noqa: E402

FIELDS = ("governorate", "city", "actor", "toll_range", "toll_exact", "date", "source")


def read_back(report: SyntheticReport, today: dt.date) -> Report:
    """The report as the indexer sees it: rendered, read by its format's reader, processed."""
    render = {"txt": render_txt, "html": render_html}.get(report.fmt)
    if render:
        text = render(report)
    elif report.fmt == "csv":
        text = render_csv([report])
    else:
        text = jsonl_line(report)
    path = f"r{report.number}.{report.fmt}"
    (raw,) = READERS["." + report.fmt](text.encode("utf-8"), path)
    return process(raw, today)


def matches(truth: Truth, found: Report) -> dict[str, bool]:
    """Field by field, whether the extraction agrees with what was planted."""
    governorates = governorates_of(found.cities)
    toll = found.death_toll.value if found.death_toll else None
    perpetrator = found.perpetrator.value if found.perpetrator else None
    return {
        "governorate": bool(governorates) and governorates[0] == truth.governorate,
        "city": bool(found.cities) and found.cities[0].value == truth.city,
        "actor": perpetrator == truth.actor,
        "toll_range": toll_range(toll) == toll_range(truth.toll),
        "toll_exact": toll == truth.toll,
        "date": (found.published.value if found.published else None) == truth.date,
        "source": found.source == truth.source,
    }


def accuracy(seed: int, numbers, today: dt.date, formats=FORMATS) -> dict[str, float]:
    """Share of `numbers` (report numbers) on which each field was extracted as planted."""
    table = format_table(formats)
    hits = dict.fromkeys(FIELDS, 0)
    numbers = list(numbers)
    for number in numbers:
        report = compose(seed, number, format_of(number, table))
        for name, ok in matches(report.truth, read_back(report, today)).items():
            hits[name] += ok
    return {name: hits[name] / max(len(numbers), 1) for name in FIELDS}


def sample_numbers(reports: int, size: int, seed: int = 0) -> list[int]:
    return sorted(random.Random(f"sample:{seed}").sample(range(reports), min(size, reports)))


def format_accuracy(result: dict[str, float]) -> str:
    return "  ".join(f"{name} {share:.1%}" for name, share in result.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--reports", type=int, default=100_000, help="draw from 0..N-1")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    numbers = sample_numbers(args.reports, args.sample)
    result = accuracy(args.seed, numbers, dt.date.today())
    print(f"extraction on {len(numbers)} synthetic reports: {format_accuracy(result)}")


if __name__ == "__main__":
    main()
