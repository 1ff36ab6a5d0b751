"""The manifest's first format, a JSON file per generation, turned once into the SQLite one.

Indexes built before the manifest became an SQLite database (FORMAT 2) carry
`archive-manifest-GENERATION.json`; their first run with this code migrates it instead of
rebuilding the index. Loads the JSON whole, once. No Whoosh calls here.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from indexer import manifest as m

_JSON_NAME = "archive-manifest-{generation}.json"


def migrate(folder: Path, generation: int, segment_ids: list[str]) -> bool:
    """Turn the generation's JSON manifest (format 1) into an SQLite one; False if it has none
    that matches. Loads the JSON whole, once: later runs query the database."""
    try:
        with open(folder / _JSON_NAME.format(generation=generation), encoding="utf-8") as source:
            data = json.load(source)
    except (OSError, ValueError):
        return False
    if (
        not isinstance(data, dict)
        or data.get("format") != 1
        or data.get("generation") != generation
        or data.get("segments") != sorted(segment_ids)
    ):
        return False
    target = folder / f"{m.NAME.format(generation=generation)}.tmp{os.getpid()}"
    db = m.connect(target)
    try:
        db.executescript(m.SCHEMA)
        db.execute("BEGIN")
        db.execute("INSERT INTO meta VALUES ('code_version', ?)", (str(data["code_version"]),))
        for key, (mtime, size, id_path, reports, skipped) in data["files"].items():
            entry = m.FileEntry(mtime, size, id_path, [m.Skip(*s) for s in skipped])
            db.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
                (key, mtime, size, id_path, json.dumps(skipped), entry.has_duplicates),
            )
            db.executemany(
                "INSERT OR IGNORE INTO reports VALUES (?, ?, ?)",
                ((rid, key, mark) for rid, mark in reports.items()),
            )
        meta = {"format": str(m.FORMAT), "generation": str(generation)}
        meta["segments"] = json.dumps(sorted(segment_ids))
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.execute("COMMIT")
    except (KeyError, TypeError, ValueError, sqlite3.Error):
        db.close()
        os.remove(target)
        return False
    db.close()
    os.replace(target, m.path_of(folder, generation))
    return True
