"""Reader for CSV exports: one report per row, read a line at a time whatever the file's size.

A bad row (no text, a cell too long, broken quoting) is yielded as a MalformedRecord and reading
goes on at the next row; only a file with no usable header raises. No cleaning here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from indexer.readers.encoding import open_text
from indexer.readers.errors import MalformedRecord, UnreadableFile
from indexer.readers.fields import FIELD_ALIASES, to_reports
from indexer.readers.limits import MAX_RECORD_CHARS, too_long_record
from indexer.records import RawReport

_DELIMITERS = ",;\t|"

# Per cell, as the csv module counts; a cell past it is reported, not held in memory.
csv.field_size_limit(MAX_RECORD_CHARS)


class _LineTooLong(Exception):
    """A physical line past MAX_RECORD_CHARS: raised through the csv reader to stop it."""


class _Lines:
    """The file's physical lines for the csv module, each at most MAX_RECORD_CHARS long, with
    a count of the quote characters in the current record, so that after a bad row reading can
    start again at the next record rather than inside a quoted cell."""

    def __init__(self, text: TextIO):
        self._text = text
        self.quotes = 0
        self.ended = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._text.readline(MAX_RECORD_CHARS + 1)
        if not line:
            self.ended = True
            raise StopIteration
        self.quotes += line.count('"')
        if len(line) > MAX_RECORD_CHARS and not line.endswith(("\n", "\r")):
            raise _LineTooLong()
        return line

    def skip_rest_of_record(self, inside_line: bool) -> None:
        """Drop the rest of an over-long line, then lines up to the end of an open quoted cell."""
        while inside_line:
            piece = self._text.readline(MAX_RECORD_CHARS)
            self.quotes += piece.count('"')
            inside_line = bool(piece) and not piece.endswith(("\n", "\r"))
        while self.quotes % 2:
            line = self._text.readline(MAX_RECORD_CHARS)
            if not line:
                return
            self.quotes += line.count('"')


def _delimiter(header: str) -> str:
    # The header line decides: the candidate that splits it most. (csv.Sniffer guesses from
    # whole rows and is easily fooled by punctuation inside quoted article text.)
    return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


def _header(lines: _Lines, path: str) -> tuple[list[str], str]:
    try:
        first = next(lines)
    except _LineTooLong:
        raise UnreadableFile(path, too_long_record("a header line")) from None
    except StopIteration:  # pragma: no cover - open_text() rejects blank files
        raise UnreadableFile(path, "empty file") from None
    delimiter = _delimiter(first.lstrip("\ufeff"))
    [names] = csv.reader([first.lstrip("\ufeff")], delimiter=delimiter)
    lowered = {name.strip().lower() for name in names if name}
    if not lowered & set(FIELD_ALIASES["body"]):
        expected = "/".join(FIELD_ALIASES["body"])
        raise UnreadableFile(path, f"no text column (expected one of {expected})")
    return names, delimiter


def _rows(text: TextIO, path: str) -> Iterator[tuple[int, dict] | MalformedRecord]:
    lines = _Lines(text)
    names, delimiter = _header(lines, path)
    reader = csv.reader(lines, delimiter=delimiter)
    # Row numbers count the header as row 1 and a record with line breaks inside as one row, as
    # a spreadsheet shows them, so editing one report's text never renumbers the rest. Blank
    # lines are not rows.
    row = 1
    while True:
        lines.quotes = 0
        try:
            cells = next(reader)
        except StopIteration:
            break
        except (csv.Error, _LineTooLong) as error:
            row += 1
            too_long = isinstance(error, _LineTooLong) or "field limit" in str(error)
            reason = too_long_record("a cell") if too_long else f"malformed CSV: {error}"
            yield MalformedRecord(path, reason, row)
            lines.skip_rest_of_record(inside_line=isinstance(error, _LineTooLong))
            reader = csv.reader(lines, delimiter=delimiter)
            continue
        if not cells:
            continue
        row += 1
        if lines.ended:  # the csv module hands over a record cut off inside a quoted cell
            yield MalformedRecord(path, "a quoted cell is not closed before the file ends", row)
            continue
        if len(cells) > len(names):
            yield MalformedRecord(
                path,
                f"{len(cells)} cells where the header has {len(names)} "
                f"(an unquoted {delimiter!r} in the text?)",
                row,
            )
            continue
        yield row, dict(zip(names, cells, strict=False))
    if row == 1:
        raise UnreadableFile(path, "no reports: a header and no rows")


def read_csv(source: bytes | BinaryIO, path: str) -> Iterator[RawReport | MalformedRecord]:
    """Yield one report per CSV row (and a MalformedRecord for each row that cannot be used).

    `source` is the file's bytes or the file itself, open in binary mode at its start.
    """
    with open_text(source, path, newline="") as text:
        yield from to_reports(_rows(text, path), path)
