"""What the index holds, file by file: the bookkeeping that lets a run skip unchanged files.

A manifest is a JSON file beside the index, named after the index generation it describes and
listing that generation's segments. It is written before the commit makes the generation current,
so it never describes an index other than the one on disk; one that does not match is ignored
(the run then rebuilds in full). No Whoosh calls and no extraction here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from indexer.readers import MalformedRecord, ReadError, UnreadableFile

FORMAT = 1
_NAME = "archive-manifest-{generation}.json"
_PATTERN = re.compile(r"^archive-manifest-(\d+)\.json(\.tmp\d+)?$")
# Rows skipped as duplicates depend on other files, so their file is re-read every run.
DUPLICATE = "duplicate report id"


def fingerprint(content_hash: str, path: str, row: int | None) -> str:
    """What must be unchanged for a report not to be rewritten: its content, file and row."""
    key = f"{content_hash}\0{path}\0{'' if row is None else row}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class Skip(NamedTuple):
    row: int | None
    reason: str
    whole_file: bool

    def error(self, id_path: str) -> ReadError:
        kind = UnreadableFile if self.whole_file else MalformedRecord
        return kind(id_path, self.reason, self.row)

    @classmethod
    def of(cls, error: ReadError) -> Skip:
        return cls(error.row, error.reason, isinstance(error, UnreadableFile))


class FileEntry(NamedTuple):
    """One file as last indexed: its stat, the reports it gave (id -> fingerprint), its skips."""

    mtime_ns: int
    size: int
    id_path: str
    reports: dict[str, str]
    skipped: list[Skip]

    @property
    def has_duplicates(self) -> bool:
        return any(s.reason.startswith(DUPLICATE) for s in self.skipped)


@dataclass
class Manifest:
    code_version: str
    # Keyed by the file's absolute path: two folders may both hold an "a.txt".
    files: dict[str, FileEntry] = field(default_factory=dict)

    def fingerprints(self) -> dict[str, str]:
        """Every report id in the index with its fingerprint."""
        return {rid: fp for entry in self.files.values() for rid, fp in entry.reports.items()}

    def report_count(self) -> int:
        return sum(len(entry.reports) for entry in self.files.values())


def _path(folder: Path, generation: int) -> Path:
    return folder / _NAME.format(generation=generation)


def save(folder: Path, manifest: Manifest, generation: int, segment_ids: list[str]) -> None:
    """Write the manifest of `generation` atomically (a temporary file renamed into place)."""
    data = {
        "format": FORMAT,
        "generation": generation,
        "segments": sorted(segment_ids),
        "code_version": manifest.code_version,
        "files": {
            key: [e.mtime_ns, e.size, e.id_path, e.reports, [list(s) for s in e.skipped]]
            for key, e in manifest.files.items()
        },
    }
    target = _path(folder, generation)
    temporary = target.with_name(f"{target.name}.tmp{os.getpid()}")
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
    os.replace(temporary, target)


def load(folder: Path, generation: int, segment_ids: list[str]) -> Manifest | None:
    """The manifest of `generation`, or None when there is none that matches its segments."""
    try:
        with open(_path(folder, generation), encoding="utf-8") as source:
            data = json.load(source)
    except (OSError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("generation") != generation
        or data.get("segments") != sorted(segment_ids)
    ):
        return None
    try:
        files = {
            key: FileEntry(mtime, size, id_path, reports, [Skip(*s) for s in skipped])
            for key, (mtime, size, id_path, reports, skipped) in data["files"].items()
        }
    except (KeyError, TypeError, ValueError):
        return None
    return Manifest(code_version=str(data.get("code_version")), files=files)


def remove_others(folder: Path, keep: int | None) -> None:
    """Delete manifests (and half-written ones) of every generation but `keep`."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _PATTERN.match(name)
        if match and (match.group(2) or int(match.group(1)) != keep):
            try:
                os.remove(folder / name)
            except OSError:
                pass  # a leftover costs a little disk, never correctness
