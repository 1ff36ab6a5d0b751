"""Benchmark helper: CPU milliseconds per report of each indexing stage, in one process.

Used by `bench/index_speed.py --stages N`: reads the first N reports of a corpus and times
reading, cleaning + extraction, building documents, the writer's add_document (with its text
analysis timed apart) and the commit. Prints figures, never fails on them.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections import Counter
from pathlib import Path


def stage_times(
    corpus_dir: Path, count: int, limitmb: int = 128, compound: bool = True
) -> dict[str, float]:
    """CPU milliseconds per report of each indexing stage, in this process, on `count` reports
    of the corpus: reading, cleaning + extraction, building documents, Whoosh add_document (and,
    within it, analysing the text fields and their spelling words), and the commit. CPU time,
    not wall time, so that other work on the machine changes the figures less."""
    from whoosh import index
    from whoosh.writing import CLEAR

    from indexer.fast_analysis import fast_field
    from indexer.finding import find_files
    from indexer.pipeline import process
    from indexer.readers import ReadError, read_file
    from indexer.schema import BODY, TITLE, build_schema, to_document
    from indexer.segment_writers import SingleWriter  # the indexer's own, with its speed-ups

    clock = time.process_time
    spent = dict.fromkeys(("read", "clean + extract", "to_document", "add_document"), 0.0)
    raws = []
    started = clock()
    for found in find_files([corpus_dir]):
        if not isinstance(found, ReadError):
            raws.extend(r for r in read_file(*found) if not isinstance(r, ReadError))
        if len(raws) >= count:
            break
    raws = raws[:count]
    spent["read"] = clock() - started
    today = dt.date.today()
    started = clock()
    reports = [process(raw, today) for raw in raws]
    spent["clean + extract"] = clock() - started
    started = clock()
    documents = [to_document(report) for report in reports]
    spent["to_document"] = clock() - started
    schema = build_schema()
    for name in (TITLE, BODY):  # the analysis add_document does, timed on its own
        # As the indexer's writers analyse: fast_field, spelling words counted by the writer.
        field = fast_field(schema[name], spelling_counted=True)
        started = clock()
        for document in documents:
            list(field.index(document[name]))
        spent[f"  of which analysing {name}"] = clock() - started
        started = clock()
        counts: Counter = Counter()
        for document in documents:  # analysed again, then its spelling words counted
            list(field.index(document[name]))
            counts.update(field.spelling_set(document[name]))
        both = clock() - started
        spent[f"  of which spelling words of {name}"] = both - spent[f"  of which analysing {name}"]
    with tempfile.TemporaryDirectory() as folder:
        ix = index.create_in(folder, build_schema())
        writer = SingleWriter(ix, limitmb=limitmb, compound=compound)
        started = clock()
        for document in documents:
            writer.add_document(**document)
        spent["add_document"] = clock() - started
        started = clock()
        writer.commit(mergetype=CLEAR)
        spent["commit"] = clock() - started
    return {stage: 1000 * seconds / len(raws) for stage, seconds in spent.items()}


def print_stages(corpus_dir: Path, count: int, limitmb: int, compound: bool) -> None:
    times = stage_times(corpus_dir, count, limitmb, compound)
    total = sum(ms for stage, ms in times.items() if not stage.startswith(" "))
    print(
        f"\n== where the time goes: {count:,} reports, one process, CPU ms per report "
        f"(pool {limitmb} MB, {'compound' if compound else 'separate'} segment files)"
    )
    for stage, ms in times.items():
        print(f"  {stage:<36}{ms:8.2f}")
    print(f"  {'total':<36}{total:8.2f}  ({1000 / total:,.0f} reports/s on one core)")
