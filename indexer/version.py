"""The version of the code that turns files into index documents, as a digest of its source.

An index built by other reading, cleaning, extraction or schema code is rebuilt in full on the
next run. Computed from files, never stored here by hand; no index access.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# Modules that move data around but do not decide what a document holds: editing them must not
# force a re-extraction of every report.
_NOT_EXTRACTION = {
    "__init__.py",
    "__main__.py",
    "cli.py",
    "config.py",
    "evaluate.py",
    "fast_analysis.py",  # must equal the schema's own analysis, which tests hold it to
    "finding.py",
    "manifest.py",
    "manifest_v1.py",
    "postings_store.py",
    "process_pool.py",
    "progress.py",
    "run.py",
    "scan.py",
    "segment_writers.py",
    "spelling_counts.py",
    "stopping.py",
    "store_build.py",
    "term_pool.py",
    "version.py",
    "whoosh_postings.py",
    "workers.py",
    "writer.py",
}
_DATA_SUFFIXES = {".py", ".json", ".csv", ".tsv", ".txt"}
# Libraries whose behaviour shapes documents: the analyzer (Whoosh), HTML and encoding detection
# (beautifulsoup4), date parsing (dateparser).
_LIBRARIES = ("whoosh-reloaded", "beautifulsoup4", "dateparser")


def _source_files() -> list[Path]:
    files = []
    for path in _PACKAGE.rglob("*"):
        relative = path.relative_to(_PACKAGE)
        if relative.parts[0] in ("sample", "__pycache__") or "__pycache__" in relative.parts:
            continue
        if path.suffix in _DATA_SUFFIXES and path.is_file():
            if len(relative.parts) == 1 and path.name in _NOT_EXTRACTION:
                continue
            files.append(path)
    return sorted(files)


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


@cache
def extraction_version() -> str:
    """A short digest of the extraction code and the libraries it relies on.

    A digest rather than a constant someone must remember to bump: any edit to cleaning,
    extraction, the readers or the schema makes the next run re-extract everything.
    """
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for name in _LIBRARIES:
        digest.update(f"{name}={_library_version(name)}\0".encode())
    return digest.hexdigest()[:16]
