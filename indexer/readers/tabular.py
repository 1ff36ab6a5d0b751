"""Readers for multi-report exports, gathered: CSV (a report per row) and JSON Lines / JSON (a
report per object), with the column names they understand.

Only re-exports; the readers live in csvfile.py and jsonfile.py, the column mapping in fields.py.
"""

from __future__ import annotations

from indexer.readers.csvfile import read_csv
from indexer.readers.fields import FIELD_ALIASES
from indexer.readers.jsonfile import read_json

__all__ = ["FIELD_ALIASES", "read_csv", "read_json"]
