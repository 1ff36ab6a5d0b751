"""What the index holds, file by file: the bookkeeping that lets a run skip unchanged files.

A manifest is an SQLite file beside the index, named after the index generation it describes and
recording that generation's segments. It is queried a file or a report at a time, so a run's
memory does not grow with the archive. The next generation's manifest is built in a temporary
file and renamed into place just before the commit makes that generation current, so it never
describes an index other than the one on disk; one that does not match is ignored (the run then
rebuilds in full). An index with the older JSON manifest is migrated once (`manifest_v1`). No
Whoosh calls here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from indexer.readers import MalformedRecord, ReadError, UnreadableFile

FORMAT = 2
NAME = "archive-manifest-{generation}.sqlite"
_BUILDING = "archive-manifest-next.sqlite.tmp{pid}"
_PATTERN = re.compile(r"^archive-manifest-(\d+|next)\.(json|sqlite)(\.tmp\d+)?$")
# Rows skipped as duplicates depend on other files, so their file is re-read every run.
DUPLICATE = "duplicate report id"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    key TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    id_path TEXT NOT NULL, skipped TEXT NOT NULL, duplicates INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, fingerprint TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS reports_by_file ON reports (file);
CREATE INDEX IF NOT EXISTS files_by_id_path ON files (id_path);
"""


# The files a run is to read. A temporary table lives in a file of its own with a small cache, and
# is gone with the connection, so the saved manifest never carries it.
_PLANNED = """CREATE TEMP TABLE IF NOT EXISTS planned (
    key TEXT NOT NULL, id_path TEXT NOT NULL, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL)"""


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
    """One file as last indexed: its stat and its skips (its reports are rows of their own)."""

    mtime_ns: int
    size: int
    id_path: str
    skipped: list[Skip]

    @property
    def has_duplicates(self) -> bool:
        return any(s.reason.startswith(DUPLICATE) for s in self.skipped)


def _entry(row) -> FileEntry:
    mtime_ns, size, id_path, skipped = row
    return FileEntry(mtime_ns, size, id_path, [Skip(*s) for s in json.loads(skipped)])


class Planned(NamedTuple):
    """A file the run is to read: its key (its absolute path), id-path and stat."""

    key: str
    id_path: str
    mtime_ns: int
    size: int


class Manifest:
    """An open manifest database: the one being read (the current generation's), attached as
    `old`, and the next one being built in a temporary file. All queries go through here."""

    def __init__(self, folder: Path, connection: sqlite3.Connection, path: Path | None):
        self.folder = folder
        self.db = connection
        self.path = path  # the file being built, None for a manifest opened only to read

    # Reading: the previous run's manifest (schema "old").

    def entry(self, key: str) -> FileEntry | None:
        found = self.db.execute(
            "SELECT mtime_ns, size, id_path, skipped FROM old.files WHERE key = ?", (key,)
        ).fetchone()
        return _entry(found) if found else None

    def old_reports(self, key: str) -> dict[str, str]:
        """The reports the file gave last time: id -> fingerprint."""
        return dict(
            self.db.execute("SELECT id, fingerprint FROM old.reports WHERE file = ?", (key,))
        )

    def old_fingerprint(self, report_id: str) -> str | None:
        found = self.db.execute(
            "SELECT fingerprint FROM old.reports WHERE id = ?", (report_id,)
        ).fetchone()
        return found[0] if found else None

    def old_report_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM old.reports").fetchone()[0]

    # Building the next one (schema "main"), which starts as a copy of the old one.

    def stat_of(self, key: str) -> tuple[int, int, str, bool] | None:
        """(mtime_ns, size, id path, whether it had duplicate rows) of a file last time: what
        the scan needs, in one cheap query."""
        return self.db.execute(
            "SELECT mtime_ns, size, id_path, duplicates FROM old.files WHERE key = ?", (key,)
        ).fetchone()

    def keep(self, keys: list[str]) -> None:
        """Keep these files, found unchanged, with the reports they gave last time."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
        self.db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((key,) for key in keys))

    def adopt(self, key: str, id_path: str, mtime_ns: int, size: int) -> bool:
        """Keep a file that is new under this key but was indexed under another one that no
        longer exists, with the same id-path, size and modification time: the archive folder
        was moved or renamed (`mv` keeps both). Its record and reports move to the new key, so
        it is neither read again nor rewritten. False when there is no such file."""
        candidates = self.db.execute(
            "SELECT key FROM main.files WHERE id_path = ? AND mtime_ns = ? AND size = ? "
            "AND duplicates = 0 AND mtime_ns != 0",
            (id_path, mtime_ns, size),
        ).fetchall()
        for (old_key,) in candidates:
            if old_key == key or os.path.lexists(old_key):
                continue  # still there: a copy, not a move, so this file is read as new
            self.db.execute("UPDATE main.files SET key = ? WHERE key = ?", (key, old_key))
            self.db.execute("UPDATE main.reports SET file = ? WHERE file = ?", (key, old_key))
            self.keep([key])
            return True
        return False

    def plan(self, files: list[Planned]) -> None:
        """List files for the run to read (new or changed), in the order they are to be read."""
        self.db.execute(_PLANNED)
        self.db.executemany("INSERT INTO planned VALUES (?, ?, ?, ?)", files)

    def planned(self) -> Iterator[Planned]:
        """The files listed by plan(), in order, read a thousand at a time (no cursor is held
        open while the caller writes to the database)."""
        last = 0
        query = "SELECT rowid, * FROM planned WHERE rowid > ? ORDER BY rowid LIMIT 1000"
        self.db.execute(_PLANNED)
        while rows := self.db.execute(query, (last,)).fetchall():
            last = rows[-1][0]
            yield from (Planned(*row[1:]) for row in rows)

    def prune(self) -> None:
        """After the scan: forget every file not kept (changed, new or gone) and its reports."""
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
        db.execute("DELETE FROM main.files WHERE key NOT IN (SELECT key FROM kept)")
        db.execute("DELETE FROM main.reports WHERE file NOT IN (SELECT key FROM kept)")
        db.execute("DROP TABLE kept")

    def report_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM main.reports").fetchone()[0]

    def skips(self) -> Iterator[tuple[str, list[Skip]]]:
        """(id path, skips) of every file kept so far that had some."""
        rows = self.db.execute("SELECT id_path, skipped FROM main.files WHERE skipped != '[]'")
        for id_path, skipped in rows.fetchall():
            yield id_path, [Skip(*s) for s in json.loads(skipped)]

    def owner(self, report_id: str) -> str | None:
        """The file that gives this report in the new manifest, if one does already."""
        found = self.db.execute(
            "SELECT file FROM main.reports WHERE id = ?", (report_id,)
        ).fetchone()
        return found[0] if found else None

    def add_report(self, report_id: str, key: str, mark: str) -> None:
        self.db.execute("INSERT INTO main.reports VALUES (?, ?, ?)", (report_id, key, mark))

    def put_file(self, key: str, entry: FileEntry, compare: bool = True) -> bool:
        """Record a file read by this run; return whether it differs from last time (True
        without looking when not `compare`)."""
        skipped = json.dumps([list(s) for s in entry.skipped], ensure_ascii=False)
        self.db.execute(
            "INSERT OR REPLACE INTO main.files VALUES (?, ?, ?, ?, ?, ?)",
            (key, entry.mtime_ns, entry.size, entry.id_path, skipped, entry.has_duplicates),
        )
        if not compare or self.entry(key) != entry:
            return True
        query = "SELECT id, fingerprint FROM {}.reports WHERE file = ? ORDER BY id"
        before = self.db.execute(query.format("old"), (key,)).fetchall()
        return before != self.db.execute(query.format("main"), (key,)).fetchall()

    def gone(self) -> Iterator[str]:
        """The ids of reports in the old manifest that no file gives any more."""
        rows = self.db.execute(
            "SELECT id FROM old.reports WHERE id NOT IN (SELECT id FROM main.reports)"
        )
        while batch := rows.fetchmany(1000):
            yield from (report_id for (report_id,) in batch)

    def files_differ(self) -> bool:
        """Whether the set of files differs between the old manifest and the new."""
        query = "SELECT EXISTS (SELECT 1 FROM {} a WHERE a.key NOT IN (SELECT key FROM {}))"
        for ours, theirs in (("old.files", "main.files"), ("main.files", "old.files")):
            if self.db.execute(query.format(ours, theirs)).fetchone()[0]:
                return True
        return False

    def discard(self) -> None:
        """Close, deleting the file being built."""
        self.db.close()
        if self.path is not None:
            try:
                os.remove(self.path)
            except OSError:
                pass


def _uri(path: Path, read_only: bool = False) -> str:
    # A URI, so that read-only opening works whatever SQLite was built with, and any character
    # in the folder's name is quoted.
    return Path(path).resolve().as_uri() + ("?mode=ro" if read_only else "")


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(_uri(path), uri=True, isolation_level=None)
    # A file being built is worthless if the run dies, so no journal and no syncing: a crash
    # leaves a temporary file the next run deletes. It is renamed into place only once closed.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -16000")  # 16 MB at most, whatever the archive's size
    return db


def path_of(folder: Path, generation: int) -> Path:
    return folder / NAME.format(generation=generation)


def _matches(path: Path, generation: int, segment_ids: list[str]) -> bool:
    try:
        db = sqlite3.connect(_uri(path, read_only=True), uri=True)
        try:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            db.execute("SELECT count(*) FROM files WHERE 0").fetchone()
            db.execute("SELECT count(*) FROM reports WHERE 0").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return (
        meta.get("format") == str(FORMAT)
        and meta.get("generation") == str(generation)
        and meta.get("segments") == json.dumps(sorted(segment_ids))
    )


def start(folder: Path, code_version: str, old: Path | None, full: bool) -> Manifest:
    """Open the manifest `old` (see current()) to read, and start the next one: a copy of it,
    or empty when `full` or when there is none."""
    building = folder / _BUILDING.format(pid=os.getpid())
    if building.exists():
        building.unlink()
    if old is not None and not full:
        shutil.copyfile(old, building)
    db = connect(building)
    try:
        db.executescript(SCHEMA)
        db.execute("ATTACH DATABASE ? AS old", (_uri(old, read_only=True) if old else ":memory:",))
        if old is None:
            db.executescript(SCHEMA.replace(" EXISTS ", " EXISTS old."))
        db.execute("BEGIN")
        db.execute("DELETE FROM main.meta")
        db.execute("INSERT INTO main.meta VALUES ('code_version', ?)", (code_version,))
    except BaseException:
        db.close()
        os.remove(building)
        raise
    return Manifest(folder, db, building)


def code_version_of(path: Path) -> str:
    """The extraction code version recorded in the manifest at `path`."""
    db = sqlite3.connect(_uri(path, read_only=True), uri=True)
    try:
        found = db.execute("SELECT value FROM meta WHERE name = 'code_version'").fetchone()
    finally:
        db.close()
    return found[0] if found else ""


def current(folder: Path, generation: int, segment_ids: list[str]) -> Path | None:
    """The manifest of the current generation (migrating a JSON one), None when there is none
    that matches its segments."""
    path = path_of(folder, generation)
    if _matches(path, generation, segment_ids):
        return path
    from indexer import manifest_v1  # only for indexes made before FORMAT 2

    if manifest_v1.migrate(folder, generation, segment_ids):
        return path
    return None


def fill_old_ids(manifest: Manifest, ids: Iterable[str]) -> None:
    """For an index without a manifest: its document ids, so the run can count and remove."""
    manifest.db.executemany(
        "INSERT OR IGNORE INTO old.reports VALUES (?, '', '')", ((i,) for i in ids)
    )


def save(folder: Path, manifest: Manifest, generation: int, segment_ids: list[str]) -> None:
    """Close the manifest being built as that of `generation`, renaming it into place."""
    db = manifest.db
    meta = {"format": str(FORMAT), "generation": str(generation)}
    meta["segments"] = json.dumps(sorted(segment_ids))
    db.executemany("INSERT OR REPLACE INTO main.meta VALUES (?, ?)", meta.items())
    db.execute("COMMIT")
    db.execute("DETACH DATABASE old")
    db.close()
    os.replace(manifest.path, path_of(folder, generation))
    manifest.path = None


def remove_others(folder: Path, keep: int | None) -> None:
    """Delete manifests of every generation but `keep`, half-written ones and JSON ones whose
    generation has an SQLite manifest."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _PATTERN.match(name)
        if not match:
            continue
        generation = match.group(1)
        stale = match.group(3) or generation == "next" or int(generation) != keep
        migrated = match.group(2) == "json" and (folder / NAME.format(generation=keep)).exists()
        if stale or migrated:
            try:
                os.remove(folder / name)
            except OSError:
                pass  # a leftover costs a little disk, never correctness
