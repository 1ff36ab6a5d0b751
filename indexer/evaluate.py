"""`python -m indexer.evaluate GOLD.csv`: measure the extractors against hand-labelled reports.

Runs the indexer's own cleaning and extraction on each row of a FA-KES-style CSV, compares with the
labels, and prints accuracy per field, confusions and the worst examples (or JSON with --json).
The labels are never fed to the extractors: the date column is withheld from them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from indexer.pipeline import process
from indexer.places import governorates_of
from indexer.readers.encoding import decode
from indexer.readers.tabular import read_csv
from indexer.records import RawReport, Report
from indexer.tolls import toll_range

# Our governorates -> FA-KES `location` classes (FA-KES's damascus includes Rif Dimashq).
GOVERNORATE_TO_FAKES = {
    "Aleppo": "aleppo",
    "Damascus": "damascus",
    "Rif Dimashq": "damascus",
    "Idlib": "idlib",
    "Deir ez-Zor": "deir ezzor",
    "Raqqa": "raqqa",
    "Homs": "homs",
    "Hasakah": "hasakeh",
    "Hama": "hama",
    "Daraa": "daraa",
    "Latakia": "lattakia",
    "Quneitra": "quneitra",
    "Tartus": "tartous",
    "As-Suwayda": "suwayda",
}
# Our actors -> FA-KES `actor` classes. FA-KES has no class for Turkey or Israel; a report with no
# stated perpetrator is "unknown".
ACTOR_TO_FAKES = {
    "Syrian government": "syrian government or russian troops",
    "Russia": "syrian government or russian troops",
    "Hezbollah": "syrian government or russian troops",
    "Iran": "syrian government or russian troops",
    "Islamic State": "the organization of the islamic state in iraq and the levant - isis",
    "US-led coalition": "international coalition forces",
    "Armed opposition": "armed opposition groups",
    "Kurdish-led forces": "self administration forces",
    "al-Nusra Front": "al-nusra front",
}
UNKNOWN_ACTOR = "unknown"
NO_CITY = "none"
FIELDS = ("city", "actor", "toll_range", "toll_exact", "date")


@dataclass(frozen=True)
class Outcome:
    """One field of one report: what the labels say, what we extracted, and from where."""

    id: str
    title: str
    gold: str
    predicted: str
    evidence: str | None

    @property
    def correct(self) -> bool:
        return self.gold == self.predicted


def _int(value: str) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def _gold_date(value: str) -> str:
    try:
        return dt.datetime.strptime(value.strip(), "%m/%d/%y").date().isoformat()
    except ValueError:
        return value.strip()


def predicted_city(report: Report) -> tuple[str, str | None]:
    governorates = governorates_of([e.value for e in report.cities])
    if not governorates:
        return NO_CITY, None
    return GOVERNORATE_TO_FAKES.get(governorates[0], governorates[0]), report.cities[0].text


def predicted_actor(report: Report) -> tuple[str, str | None]:
    if report.perpetrator is None:
        return UNKNOWN_ACTOR, None
    fakes = ACTOR_TO_FAKES.get(report.perpetrator.value, UNKNOWN_ACTOR)
    return fakes, report.perpetrator.text


def outcomes(label: dict, report: Report) -> dict[str, Outcome]:
    """Compare one labelled row with the report extracted from it, field by field."""
    gold_toll = _int(label.get("nb_civilians")) + _int(label.get("nb_noncivilians"))
    toll = report.death_toll
    toll_text = toll.text if toll else None
    city, city_text = predicted_city(report)
    actor, actor_text = predicted_actor(report)
    published = report.published

    def outcome(gold: str, predicted: str, evidence: str | None) -> Outcome:
        return Outcome(report.id, report.title, gold, predicted, evidence)

    result = {
        "city": outcome(label.get("location", "").strip().lower(), city, city_text),
        "actor": outcome(label.get("actor", "").strip().lower(), actor, actor_text),
        "toll_range": outcome(
            toll_range(gold_toll or None), toll_range(toll.value if toll else None), toll_text
        ),
        "toll_exact": outcome(str(gold_toll), str(toll.value if toll else 0), toll_text),
    }
    if label.get("date_in_text", "").strip() == "1":
        result["date"] = outcome(
            _gold_date(label.get("date", "")),
            published.value.isoformat() if published else "undated",
            published.text if published else None,
        )
    return result


def labelled_rows(path: Path) -> Iterable[tuple[dict, RawReport]]:
    """Each labelled row with its report as the indexer reads it, minus the labelled date."""
    data = path.read_bytes()
    labels = csv.DictReader(io.StringIO(decode(data, str(path)), newline=""))
    for label, raw in zip(labels, read_csv(data, path.name), strict=True):
        if isinstance(raw, RawReport):
            yield label, replace(raw, published=None)


def evaluate(path: Path, today: dt.date, worst: int = 5) -> dict:
    """Accuracy per field, confusions for city and actor, and the worst examples, as plain data."""
    by_field: dict[str, list[Outcome]] = {name: [] for name in FIELDS}
    seen: set[str] = set()
    for label, raw in labelled_rows(path):
        if raw.id in seen:  # a repeated row would count twice
            continue
        seen.add(raw.id)
        for name, outcome in outcomes(label, process(raw, today)).items():
            by_field[name].append(outcome)
    summary = {}
    for name, results in by_field.items():
        correct = sum(o.correct for o in results)
        misses = [o for o in results if not o.correct]
        summary[name] = {
            "accuracy": round(100 * correct / len(results), 1) if results else None,
            "correct": correct,
            "total": len(results),
            "worst": [o.__dict__ for o in _worst(name, misses)[:worst]],
        }
        if name in ("city", "actor"):
            pairs = Counter((o.gold, o.predicted) for o in misses).most_common(10)
            summary[name]["confusions"] = [
                {"gold": gold, "predicted": predicted, "count": count}
                for (gold, predicted), count in pairs
            ]
    return {"file": str(path), "reports": len(seen), "fields": summary}


def _worst(name: str, misses: list[Outcome]) -> list[Outcome]:
    # For tolls the biggest numeric errors are the most telling; elsewhere, the file's order.
    if name == "toll_exact":
        return sorted(misses, key=lambda o: -abs(int(o.gold) - int(o.predicted)))
    return misses


def format_text(result: dict) -> str:
    lines = [f"{result['file']}: {result['reports']} reports", ""]
    lines.append(f"{'field':<12}{'accuracy':>10}{'correct':>10}{'total':>8}")
    for name, field in result["fields"].items():
        accuracy = "-" if field["accuracy"] is None else f"{field['accuracy']:.1f} %"
        lines.append(f"{name:<12}{accuracy:>10}{field['correct']:>10}{field['total']:>8}")
    for name in ("city", "actor"):
        lines += ["", f"{name}: most frequent confusions (gold -> predicted)"]
        for c in result["fields"][name]["confusions"]:
            lines.append(f"  {c['count']:>4}  {c['gold']} -> {c['predicted']}")
    for name, field in result["fields"].items():
        if field["worst"]:
            lines += ["", f"{name}: worst examples"]
        for o in field["worst"]:
            lines.append(f"  [{o['id']}] {o['title'][:70]}")
            lines.append(f"      gold {o['gold']!r}, got {o['predicted']!r}")
            if o["evidence"]:
                lines.append(f"      from: {o['evidence'][:150]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Evaluate the extractors on a labelled CSV.

    Example: python -m indexer.evaluate ../shared/data/fakes-dev.csv --worst 10
    """
    parser = argparse.ArgumentParser(prog="python -m indexer.evaluate", description=__doc__)
    parser.add_argument("gold", type=Path, help="labelled CSV in the FA-KES format")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--worst", type=int, default=5, help="examples of misses per field")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"error: no such file: {args.gold}", file=sys.stderr)
        return 2
    result = evaluate(args.gold, dt.date.today(), worst=args.worst)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else format_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
