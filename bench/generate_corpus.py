"""Write a deterministic synthetic corpus of war reports for benchmarks, and change it in place.

Same seed and size give byte-identical files. Reports are streamed to disk one at a time (memory
stays flat at any size). Must never write into a folder it did not create (one without its
.corpus.json), and never touches anything outside OUT_DIR.

Examples:
  python bench/generate_corpus.py /tmp/bench-corpus/c100k --reports 100000 --seed 1
  python bench/generate_corpus.py /tmp/bench-corpus/c100k --reports 100000 --mutate 0.01 \\
      --mutate-seed 2      # edit 1 % of the reports
  python bench/generate_corpus.py /tmp/bench-corpus/c100k --reports 100000 --restore
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_formats import (  # noqa: E402
    CSV_COLUMNS,
    csv_row,
    jsonl_line,
    render_csv,
    render_html,
    render_txt,
    report_id,
)
from bench.synthetic import FORMATS, VERSION, compose  # noqa: E402

STATE_FILE = ".corpus.json"  # hidden, so the indexer passes it over
SHARES = {"txt": 82, "html": 10, "csv": 4, "jsonl": 4}  # per 100 reports
EXPORT_SPAN = 25_000  # report numbers per CSV/JSONL export file
_SUBFOLDERS = ("txt", "html", "exports")


def format_table(formats) -> tuple[str, ...]:
    """100 entries: the format of each position; a left-out format's share goes to the first."""
    shares = {f: SHARES[f] for f in FORMATS if f in formats}
    if not shares:
        raise ValueError(f"no known format in {formats!r}; choose from {', '.join(FORMATS)}")
    first = next(iter(shares))
    shares[first] += 100 - sum(shares.values())
    return tuple(f for f, share in shares.items() for _ in range(share))


def format_of(number: int, table: tuple[str, ...]) -> str:
    # 37 is coprime with 100: formats interleave, and every 100 reports hold the exact shares.
    return table[number * 37 % 100]


def relative_path(number: int, fmt: str) -> str:
    """Where report `number` lives; folders hold at most 1,000 files."""
    if fmt in ("txt", "html"):
        return f"{fmt}/{number // 1000:04d}/r{number:07d}.{fmt}"
    return f"exports/reports-{number // EXPORT_SPAN:03d}.{fmt}"


@dataclass
class Corpus:
    """A generated corpus's parameters and the changes applied to it since (kept in STATE_FILE)."""

    out: Path
    reports: int
    seed: int = 1
    formats: tuple[str, ...] = FORMATS
    complete: bool = False
    version: int = 0  # of bench.synthetic; 0 when the state file is older than the field
    edits: dict[int, int] = field(default_factory=dict)  # report number -> edit (mutate seed)
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, out: Path) -> Corpus | None:
        try:
            state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        state["edits"] = {int(k): v for k, v in state["edits"].items()}
        state["formats"] = tuple(state["formats"])
        return cls(out=out, **state)

    def save(self) -> None:
        state = {k: v for k, v in asdict(self).items() if k != "out"}
        (self.out / STATE_FILE).write_text(json.dumps(state, sort_keys=True), encoding="utf-8")

    def matches(self, reports: int, seed: int, formats) -> bool:
        return self.complete and (self.version, self.reports, self.seed, self.formats) == (
            VERSION,
            reports,
            seed,
            tuple(f for f in FORMATS if f in formats),
        )

    @property
    def pristine(self) -> bool:
        return not (self.edits or self.added or self.removed)

    def report(self, number: int, fmt: str):
        return compose(self.seed, number, fmt, self.edits.get(number, 0))


@dataclass
class Written:
    files: int = 0
    reports: int = 0
    bytes: int = 0
    by_format: dict[str, int] = field(default_factory=dict)


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
    return len(data)


LABEL_COLUMNS = "id path format city governorate actor toll toll_approximate date source".split()


def _label_row(report, path: str) -> tuple:
    truth = report.truth
    return (
        path if report.fmt in ("txt", "html") else report_id(report.number),
        path,
        report.fmt,
        truth.city,
        truth.governorate,
        truth.actor or "",
        "" if truth.toll is None else truth.toll,
        int(truth.toll_approximate),
        truth.date.isoformat() if truth.date else "",
        truth.source or "",
    )


class _Exports:
    """The open CSV and JSON Lines export files, one per format, each moving on to the next
    file when the report numbers leave its span: written as a stream, never held in memory."""

    def __init__(self, out: Path):
        self.out, self.open = out, {}  # fmt -> (file index, handle, csv writer or None)
        self.files = 0

    def write(self, report, path: str) -> None:
        index, handle, rows = self.open.get(report.fmt, (-1, None, None))
        if index != report.number // EXPORT_SPAN:
            if handle:
                handle.close()
            (self.out / path).parent.mkdir(parents=True, exist_ok=True)
            handle = (self.out / path).open("w", encoding="utf-8", newline="")
            rows = csv.writer(handle, lineterminator="\n") if report.fmt == "csv" else None
            if rows:
                rows.writerow(CSV_COLUMNS)
            self.open[report.fmt] = (report.number // EXPORT_SPAN, handle, rows)
            self.files += 1
        if rows:
            rows.writerow(csv_row(report))
        else:
            handle.write(jsonl_line(report))

    def close(self) -> None:
        for _index, handle, _rows in self.open.values():
            handle.close()


def generate(out: Path, reports: int, seed: int = 1, formats=FORMATS, labels: Path | None = None):
    """Write reports 0..reports-1 under `out` (replacing a corpus already there)."""
    if out.exists() and any(out.iterdir()) and Corpus.load(out) is None:
        raise SystemExit(f"refusing to write into {out}: it is not empty and holds no corpus")
    for sub in _SUBFOLDERS:
        shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    kept = tuple(f for f in FORMATS if f in formats)
    corpus = Corpus(out, reports, seed, kept, version=VERSION)
    corpus.save()  # incomplete until the end, so an interrupted run is never reused
    table = format_table(corpus.formats)
    written, exports = Written(), _Exports(out)
    label_file = labels.open("w", encoding="utf-8", newline="") if labels else None
    label_rows = csv.writer(label_file, lineterminator="\n") if label_file else None
    if label_rows:
        label_rows.writerow(LABEL_COLUMNS)
    try:
        for number in range(reports):
            fmt = format_of(number, table)
            report = compose(seed, number, fmt)
            path = relative_path(number, fmt)
            if fmt in ("txt", "html"):
                _write(out / path, (render_txt if fmt == "txt" else render_html)(report))
                written.files += 1
            else:
                exports.write(report, path)
            written.reports += 1
            written.by_format[fmt] = written.by_format.get(fmt, 0) + 1
            if label_rows:
                label_rows.writerow(_label_row(report, path))
    finally:
        exports.close()
        if label_file:
            label_file.close()
    written.files += exports.files
    written.bytes = corpus_bytes(out)
    corpus.complete = True
    corpus.save()
    return corpus, written


def corpus_bytes(out: Path) -> int:
    """Bytes of report files under `out` (the state file left out)."""
    return sum(
        entry.stat().st_size
        for sub in _SUBFOLDERS
        for folder, _dirs, files in os.walk(out / sub)
        for entry in map(Path(folder).joinpath, files)
    )


def rewrite(corpus: Corpus, numbers) -> int:
    """Write again the files holding `numbers`, with the corpus's current edits; returns files."""
    table = format_table(corpus.formats)
    removed, exports, files = set(corpus.removed), set(), 0
    for number in sorted(set(numbers)):
        fmt = format_of(number, table)
        if fmt in ("csv", "jsonl"):
            exports.add((number // EXPORT_SPAN, fmt))
        elif number not in removed:
            render = render_txt if fmt == "txt" else render_html
            _write(corpus.out / relative_path(number, fmt), render(corpus.report(number, fmt)))
            files += 1
    for index, fmt in sorted(exports):
        span = range(index * EXPORT_SPAN, min((index + 1) * EXPORT_SPAN, corpus.reports))
        rows = (corpus.report(n, fmt) for n in span if format_of(n, table) == fmt)
        text = render_csv(rows) if fmt == "csv" else "".join(map(jsonl_line, rows))
        target = corpus.out / relative_path(index * EXPORT_SPAN, fmt)
        _write(target.with_name(target.name + ".part~"), text)  # atomic: an indexer never
        os.replace(target.with_name(target.name + ".part~"), target)  # sees half a file
        files += 1
    return files


def mutate(corpus: Corpus, fraction: float, mutate_seed: int) -> list[int]:
    """Edit round(fraction * reports) reports chosen by `mutate_seed`; returns their numbers.

    A report already carrying this same edit is not changed again: use a new seed each time.
    """
    if not 0 <= fraction <= 1 or mutate_seed < 1:
        raise ValueError("the fraction must be within 0..1 and the mutate seed at least 1")
    removed = set(corpus.removed)
    population = [n for n in range(corpus.reports) if n not in removed]
    rng = random.Random(f"mutate:{corpus.seed}:{mutate_seed}")
    chosen = sorted(rng.sample(population, round(fraction * corpus.reports)))
    corpus.edits.update(dict.fromkeys(chosen, mutate_seed))
    rewrite(corpus, chosen)
    corpus.save()
    return chosen


def add_reports(corpus: Corpus, count: int) -> list[int]:
    """Write `count` new .txt reports (numbers after the corpus's own) under txt/added/."""
    start = corpus.reports + len(corpus.added)
    numbers = list(range(start, start + count))
    for number in numbers:
        _write(
            corpus.out / f"txt/added/r{number:07d}.txt", render_txt(compose(corpus.seed, number))
        )
    corpus.added.extend(numbers)
    corpus.save()
    return numbers


def remove_reports(corpus: Corpus, count: int, remove_seed: int = 1) -> list[int]:
    """Delete `count` .txt reports chosen by `remove_seed`; returns their numbers."""
    table = format_table(corpus.formats)
    gone = set(corpus.removed)
    population = [
        n for n in range(corpus.reports) if format_of(n, table) == "txt" and n not in gone
    ]
    chosen = sorted(random.Random(f"remove:{corpus.seed}:{remove_seed}").sample(population, count))
    for number in chosen:
        (corpus.out / relative_path(number, "txt")).unlink(missing_ok=True)
    corpus.removed.extend(chosen)
    corpus.save()
    return chosen


def restore(corpus: Corpus) -> int:
    """Undo every edit, addition and removal: the corpus is as generated again."""
    edited, removed = list(corpus.edits), list(corpus.removed)
    corpus.edits.clear()
    corpus.removed.clear()
    files = rewrite(corpus, edited + removed)
    shutil.rmtree(corpus.out / "txt" / "added", ignore_errors=True)
    corpus.added.clear()
    corpus.save()
    return files


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--reports", type=int, default=10_000, help="default: 10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS), help="default: %(default)s")
    parser.add_argument(
        "--labels",
        type=Path,
        metavar="FILE",
        help="also write the planted city/actor/toll/date of each report (CSV)",
    )
    parser.add_argument(
        "--mutate",
        type=float,
        metavar="FRACTION",
        help="edit this fraction of the reports of the corpus in OUT_DIR",
    )
    parser.add_argument("--mutate-seed", type=int, default=2)
    parser.add_argument("--add", type=int, metavar="N", help="add N new .txt reports")
    parser.add_argument("--remove", type=int, metavar="N", help="delete N .txt reports")
    parser.add_argument("--restore", action="store_true", help="undo all changes")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or args.reports < 1:
        print(f"error: unknown format {unknown} or --reports < 1", file=sys.stderr)
        return 2
    changes = args.mutate is not None or args.add or args.remove or args.restore
    corpus = Corpus.load(args.out)
    if not changes or corpus is None or not corpus.matches(args.reports, args.seed, formats):
        started = time.perf_counter()
        corpus, written = generate(args.out, args.reports, args.seed, formats, args.labels)
        counts = ", ".join(f"{fmt} {n:,}" for fmt, n in sorted(written.by_format.items()))
        print(
            f"wrote {written.reports:,} reports ({counts}) in {written.files:,} files, "
            f"{written.bytes / 1e6:,.1f} MB, in {time.perf_counter() - started:.1f} s: {args.out}"
        )
    if args.restore:
        print(f"restored: rewrote {restore(corpus)} files")
    if args.mutate is not None:
        try:
            numbers = mutate(corpus, args.mutate, args.mutate_seed)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"edited {len(numbers):,} reports (mutate seed {args.mutate_seed})")
    if args.add:
        print(f"added {len(add_reports(corpus, args.add)):,} reports under txt/added/")
    if args.remove:
        print(f"removed {len(remove_reports(corpus, args.remove)):,} .txt reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
