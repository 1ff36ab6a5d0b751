"""From one row or object of a CSV or JSON export to a RawReport: columns matched by name.

Column names are matched case-insensitively against the aliases below. A row that cannot be a
report (no text, too long, an id no link can reach) becomes a MalformedRecord; no file reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from indexer.readers.encoding import scrub
from indexer.readers.errors import MalformedRecord
from indexer.readers.limits import MAX_ID_CHARS, MAX_REPORT_CHARS, too_long_report
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
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What exports write where a value is missing: a word of these, or no letter or digit at all
# ("-", "?", "..."). A headline, date, source or link written so is none: "N/A" must not become
# a source to filter by, nor "-" a link.
_MISSING_WORDS = frozenset({"n/a", "na", "none", "null", "nil", "nan", "unknown", "undefined"})
_PLACEHOLDERS_OF = ("title", "published", "source", "url")


def _is_placeholder(value: str) -> bool:
    """Whether a value only says that the value is missing."""
    return value.casefold() in _MISSING_WORDS or not any(c.isalnum() for c in value)


def _pick(record: Mapping[str, object], aliases: tuple[str, ...]) -> str | None:
    lowered = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    for name in aliases:
        value = lowered.get(name)
        if value is not None and str(value).strip():
            return scrub(str(value).strip())
    return None


def unusable_id(report_id: str) -> str | None:
    """Why an id from an export cannot name a report, or None when it can. It becomes part of
    the report's link, where browsers drop "." and ".." segments and servers merge "//"."""
    if len(report_id) > MAX_ID_CHARS:
        return f"an id longer than {MAX_ID_CHARS} characters"
    if _CONTROL.search(report_id):
        return "an id with control characters"
    if any(part in ("", ".", "..") for part in report_id.split("/")):
        return f"an id with an empty, '.' or '..' path segment ({report_id!r})"
    return None


def to_report(record: Mapping[str, object], path: str, row: int) -> RawReport:
    """The report in one row or object; raises MalformedRecord when there is none to index."""
    values = {field: _pick(record, aliases) for field, aliases in FIELD_ALIASES.items()}
    for field in _PLACEHOLDERS_OF:
        if values[field] is not None and _is_placeholder(values[field]):
            values[field] = None
    title, body, report_id = values["title"], values["body"], values["id"]
    if not body and not title:
        raise MalformedRecord(path, "no title and no text", row)
    if not body:
        raise MalformedRecord(path, "a title but no text", row)
    if len(body) + len(title or "") > MAX_REPORT_CHARS:
        raise MalformedRecord(path, too_long_report(len(body) + len(title or "")), row)
    if report_id is not None and (problem := unusable_id(report_id)):
        raise MalformedRecord(path, problem, row)
    return RawReport(
        id=report_id or f"{path}#{row}",
        title=title or body.split(".", 1)[0][:200],
        body=body,
        path=path,
        row=row,
        published=values["published"],
        source=values["source"],
        url=values["url"],
    )


def to_reports(
    rows: Iterable[tuple[int, object] | MalformedRecord], path: str
) -> Iterator[RawReport | MalformedRecord]:
    """Reports from (row number, record) pairs; errors met on the way pass through in order."""
    for item in rows:
        if isinstance(item, MalformedRecord):
            yield item
            continue
        row, record = item
        if not isinstance(record, Mapping):
            yield MalformedRecord(path, "not an object with named fields", row)
            continue
        try:
            yield to_report(record, path, row)
        except MalformedRecord as error:
            yield error
