"""Readers for multi-report exports: CSV (a report per row), JSON Lines / JSON (one per object).

Column names are matched case-insensitively against the aliases below. A bad row is yielded as a
MalformedRecord and the rest of the file is still read; a file of the wrong shape raises.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping

from indexer.readers.encoding import decode
from indexer.readers.errors import MalformedRecord, UnreadableFile
from indexer.records import RawReport

# Each RawReport field and the column names that may hold it, preferred first.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("unit_id", "id", "report_id", "article_id"),
    "title": ("article_title", "title", "headline"),
    "body": ("article_content", "content", "text", "body", "article"),
    "published": ("date", "published", "published_at", "publication_date", "pubdate"),
    "source": ("source", "outlet", "publisher"),
    "url": ("url", "link", "permalink"),
}
_DELIMITERS = ",;\t|"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _pick(record: Mapping[str, object], aliases: tuple[str, ...]) -> str | None:
    lowered = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    for name in aliases:
        value = lowered.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _to_report(record: Mapping[str, object], path: str, row: int) -> RawReport:
    values = {field: _pick(record, aliases) for field, aliases in FIELD_ALIASES.items()}
    title, body = values["title"], values["body"]
    if not body and not title:
        raise MalformedRecord(path, "no title and no text", row)
    if not body:
        raise MalformedRecord(path, "a title but no text", row)
    return RawReport(
        id=values["id"] or f"{path}#{row}",
        title=title or body.split(".", 1)[0][:200],
        body=body,
        path=path,
        row=row,
        published=values["published"],
        source=values["source"],
        url=values["url"],
    )


def _records(
    rows: Iterable[tuple[int, object]], path: str
) -> Iterator[RawReport | MalformedRecord]:
    for row, record in rows:
        if not isinstance(record, Mapping):
            yield MalformedRecord(path, "not an object with named fields", row)
            continue
        try:
            yield _to_report(record, path, row)
        except MalformedRecord as error:
            yield error


def _check_columns(columns: Iterable[str], path: str) -> None:
    names = {c.strip().lower() for c in columns if c}
    if not names & set(FIELD_ALIASES["body"]):
        expected = "/".join(FIELD_ALIASES["body"])
        raise UnreadableFile(path, f"no text column (expected one of {expected})")


def _delimiter(text: str) -> str:
    # The header line decides: the candidate that splits it most. (csv.Sniffer guesses from
    # whole rows and is easily fooled by punctuation inside quoted article text.)
    header = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


def read_csv(data: bytes, path: str) -> Iterator[RawReport | MalformedRecord]:
    """Yield one report per CSV row (and a MalformedRecord for each row that cannot be used)."""
    text = decode(data, path)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        _check_columns(reader.fieldnames or [], path)
        # Row numbers count the header as row 1 and a record with line breaks inside as one row,
        # as a spreadsheet shows them; so editing one report's text never renumbers the rest.
        rows = enumerate(reader, start=2)
        yield from _records(rows, path)
    except csv.Error as error:
        raise UnreadableFile(path, f"malformed CSV near line {reader.line_num}: {error}") from None


def _json_lines(text: str, path: str) -> Iterator[tuple[int, object] | MalformedRecord]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield MalformedRecord(path, f"invalid JSON: {error.msg}", number)


def read_json(data: bytes, path: str) -> Iterator[RawReport | MalformedRecord]:
    """Yield one report per JSON object: a JSON Lines file, a JSON list, or a single object."""
    text = decode(data, path)
    stripped = text.lstrip()
    whole: object = None
    if stripped.startswith("["):
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as error:
            raise UnreadableFile(path, f"invalid JSON list: {error.msg}") from None
    elif path.lower().endswith(".json"):
        try:
            whole = json.loads(text)
        except json.JSONDecodeError:
            whole = None  # not one document: read it as one object per line
    if isinstance(whole, list):
        yield from _records(enumerate(whole, start=1), path)
        return
    if isinstance(whole, Mapping):
        yield from _records([(1, whole)], path)
        return
    for item in _json_lines(text, path):
        if isinstance(item, MalformedRecord):
            yield item
        else:
            yield from _records([item], path)
