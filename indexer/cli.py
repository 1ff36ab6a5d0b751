"""The `python -m indexer` command: a thin wrapper over indexer.run.index_paths.

Parses arguments, shows progress, writes the --report file and prints the summary line last.
Exit status: 0 done (skipped files included), 1 the index could not be written, 2 another
indexer is running (or bad arguments), 130 interrupted (143 on SIGTERM).
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from collections import Counter
from pathlib import Path

from indexer import stopping
from indexer.config import INDEX_ENV, SAMPLE_DIR, default_index_dir
from indexer.progress import Bar, Lines, Progress
from indexer.readers import ReadError
from indexer.run import RunSummary, index_paths
from indexer.writer import IndexLocked, IndexWriteError, NothingToIndex

EXIT_FAILED = 1
EXIT_LOCKED = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop, keep the old index."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m indexer",
        description=(
            "Bring the search index up to date with a folder of saved reports (.txt, .html, "
            ".csv, .jsonl): new reports are added, changed ones updated, deleted ones removed, "
            "unchanged files not even opened. One commit at the end: if the run fails or is "
            "interrupted, the previous index is kept as it was."
        ),
        epilog="exit status: 0 done, 1 the index could not be written (left as it was), 2 another "
        "indexer is writing to it, 130/143 interrupted (left as it was). "
        "Example: python -m indexer ~/reports/syria --index ~/archive-index "
        "--report skipped.jsonl",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to index (folders are read recursively); "
        "default: the bundled sample corpus",
    )
    parser.add_argument(
        "--index",
        type=Path,
        metavar="DIR",
        help=f"index folder (default: ${INDEX_ENV}, else {default_index_dir()})",
    )
    parser.add_argument(
        "--full", action="store_true", help="re-read and re-extract everything, not just changes"
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes reading and extracting (default: one per core; 0: none)",
    )
    parser.add_argument(
        "--writers",
        type=int,
        metavar="N",
        help="processes writing the index when it is rebuilt in full, each leaving a segment "
        "(default: as many as the workers, at most 4; 1: one process, one segment)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress and no skip lines: the summary only"
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help='write each skipped file or row to FILE as a JSON line {"path", "row", "reason"}',
    )
    return parser


def _reasons(skipped: list[ReadError]) -> str:
    # The common part of each reason ("invalid JSON: ..." -> "invalid JSON"), most frequent first.
    counts = Counter(re.split(r"[:('\"]", e.reason)[0].strip() for e in skipped)
    shown = [f"{n} {reason}" for reason, n in counts.most_common(3)]
    if len(counts) > 3:
        shown.append("...")
    return ", ".join(shown)


def _why_nothing(skips: list[ReadError], report: Path | None) -> str:
    if not skips:
        return " (no report files were found under the paths given)"
    if len(skips) <= 3:
        return f" (skipped {'; '.join(str(error) for error in skips)})"
    where = f"see {report}" if report else "list them with --report FILE"
    return f" (skipped {len(skips)}: {_reasons(skips)}; {where})"


def summary_line(summary: RunSummary, index_dir: Path, report: Path | None) -> str:
    """The machine-greppable last line: counts, time and index folder."""
    skipped = f"skipped {len(summary.skipped)}"
    if summary.skipped:
        where = f"see {report}" if report else "list them with --report FILE"
        skipped += f" ({_reasons(summary.skipped)}; {where})"
    return (
        f"added {summary.added}, updated {summary.updated}, removed {summary.removed}, "
        f"unchanged {summary.unchanged}, {skipped} in {summary.seconds:.1f} s; index: {index_dir}"
    )


def _progress(quiet: bool) -> Progress:
    if quiet:
        return Progress()
    if sys.stderr.isatty():
        return Bar(sys.stderr)
    return Lines(sys.stderr)


INTERRUPTED = "interrupted: the index was left as it was"


def _stop(signum, frame) -> None:
    # Ctrl-C or SIGTERM: raised where the run is, so it unwinds and cleans up; the clock
    # (indexer.stopping) ends the process should that cleanup never finish.
    terminated = signum == signal.SIGTERM
    late = f"{INTERRUPTED} (stopping took more than {stopping.STOP_SECONDS:.0f} s, so the "
    late += "indexer ended itself and its worker processes)"
    stopping.arm(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED, late)
    raise Terminated() if terminated else KeyboardInterrupt()


def main(argv: list[str] | None = None) -> int:
    """Index PATHs (or the sample corpus) into the index folder.

    Example: python -m indexer reports/ --index /tmp/my-index --workers 2
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 0:
        parser.error("--workers must be 0 or more")
    if args.writers is not None and args.writers < 1:
        parser.error("--writers must be 1 or more")
    paths = args.paths or [SAMPLE_DIR]
    index_dir = args.index or default_index_dir()
    try:
        report = open(args.report, "w", encoding="utf-8") if args.report else None
    except OSError as error:
        print(
            f"error: cannot write the report file {args.report}: {error.strerror}", file=sys.stderr
        )
        return EXIT_FAILED
    progress = _progress(args.quiet)
    skips: list[ReadError] = []

    def on_skip(error: ReadError) -> None:
        skips.append(error)
        progress.note(f"skipped {error}")
        if report is not None:
            report.write(json.dumps(error.as_dict(), ensure_ascii=False) + "\n")
            report.flush()

    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, _stop)
    except ValueError:
        pass  # not the main thread (main() called from a test thread): leave signals alone
    try:
        summary = index_paths(
            paths,
            index_dir,
            full=args.full,
            workers=args.workers,
            writers=args.writers,
            on_skip=on_skip,
            progress=progress,
        )
    except IndexLocked as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_LOCKED
    except NothingToIndex as error:
        # Say why, even with --quiet: usually a mistyped path or a folder of other files.
        print(f"error: {error}{_why_nothing(skips, args.report)}", file=sys.stderr)
        return EXIT_FAILED
    except IndexWriteError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt as interrupt:
        progress.close()
        print(INTERRUPTED, file=sys.stderr, flush=True)
        stopping.said()
        return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if report is not None:
            report.close()
    stopping.disarm()  # an interrupt that came after the commit: the run completed
    if summary.store_error:
        print(f"warning: {summary.store_error}", file=sys.stderr)
    print(summary_line(summary, index_dir, args.report), flush=True)
    return 0
