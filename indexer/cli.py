"""The `python -m indexer` command: a thin wrapper over indexer.run.index_paths.

Parses arguments, prints progress and the summary; exits non-zero only when the index itself
could not be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indexer.config import INDEX_ENV, SAMPLE_DIR, default_index_dir
from indexer.readers import ReadError
from indexer.run import index_paths
from indexer.writer import IndexWriteError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m indexer",
        description=(
            "Build the search index from a folder of saved reports (.txt, .html, .csv, .jsonl). "
            "Each run replaces the index with what it reads, in one commit: if it fails, the "
            "previous index is kept as it was."
        ),
        epilog="example: python -m indexer ~/reports/syria --index ~/archive-index",
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
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Index PATHs (or the sample corpus) into the index folder.

    Example: python -m indexer reports/ --index /tmp/my-index
    """
    args = build_parser().parse_args(argv)
    paths = args.paths or [SAMPLE_DIR]
    index_dir = args.index or default_index_dir()

    def on_skip(error: ReadError) -> None:
        if not args.quiet:
            print(f"skipped {error}", file=sys.stderr)

    try:
        summary = index_paths(paths, index_dir, on_skip=on_skip)
    except IndexWriteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the index was left as it was", file=sys.stderr)
        return 130
    print(
        f"indexed {summary.indexed} reports from {summary.files} files into {index_dir}; "
        f"skipped {len(summary.skipped)}"
    )
    for error in summary.skipped if args.quiet else ():
        print(f"  skipped {error}")
    return 0
