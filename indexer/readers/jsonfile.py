"""Reader for JSON exports: JSON Lines (an object per line), a JSON list, or JSON objects one after
another; read a line or an item at a time, so a file of any size is never held whole.

A bad line or item is yielded as a MalformedRecord; in a list, where nothing marks where the next
item starts, a broken item ends the reading of that file (the items before it are kept).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from indexer.readers.encoding import open_text
from indexer.readers.errors import MalformedRecord, UnreadableFile
from indexer.readers.fields import to_reports
from indexer.readers.limits import MAX_RECORD_CHARS, too_long_record
from indexer.records import RawReport

_CHUNK_CHARS = 1024 * 1024
_SPACE = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()

Row = tuple[int, object] | MalformedRecord


def _parse(text: str) -> tuple[object, str | None]:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"invalid JSON: {error.msg}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except ValueError as error:  # e.g. a number of more digits than Python will convert
        return None, f"invalid JSON: {error}"


def _read_line(text: TextIO) -> tuple[str, bool]:
    """The next line, and whether it was too long (then only its start is returned)."""
    line = text.readline(MAX_RECORD_CHARS + 1)
    if len(line) <= MAX_RECORD_CHARS or line.endswith("\n"):
        return line, False
    while line and not line.endswith("\n"):  # drop the rest of it without holding it
        line = text.readline(MAX_RECORD_CHARS)
    return "", True


def _lines(text: TextIO, path: str, line: str, too_long: bool, number: int) -> Iterator[Row]:
    while True:
        if too_long:
            yield MalformedRecord(path, too_long_record("a line"), number)
        elif line.strip():
            value, problem = _parse(line)
            yield MalformedRecord(path, problem, number) if problem else (number, value)
        line, too_long = _read_line(text)
        if not line and not too_long:
            return
        number += 1


class _Buffer:
    """Text read in chunks, with a position; grows when a value runs past its end."""

    def __init__(self, text: TextIO, start: str):
        self._text = text
        self.data = start
        self.pos = 0
        self.ended = False

    def more(self) -> bool:
        if self.ended:
            return False
        chunk = self._text.read(_CHUNK_CHARS)
        self.data = self.data[self.pos :] + chunk
        self.pos = 0
        self.ended = not chunk
        return bool(chunk)

    def skip_space(self) -> str:
        """Skip white space; the next character, or "" at the end of the file."""
        while True:
            self.pos = _SPACE.match(self.data, self.pos).end()
            if self.pos < len(self.data) or not self.more():
                return self.data[self.pos : self.pos + 1]

    def value(self) -> object:
        """Decode the JSON value at the position; raises ValueError (with a reason) if broken."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.data, self.pos)
            except json.JSONDecodeError as error:
                # Cut off by the end of what was read so far, rather than broken?
                cut = error.pos >= len(self.data) - 1 or error.msg.startswith("Unterminated")
                if len(self.data) - self.pos > MAX_RECORD_CHARS:
                    raise ValueError(too_long_record("an item")) from None
                if cut and self.more():
                    continue
                raise ValueError(f"invalid JSON: {error.msg}") from None
            except RecursionError:
                raise ValueError("invalid JSON: nested too deeply") from None
            if end == len(self.data) and self.more():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value


def _items(buffer: _Buffer, path: str, in_list: bool) -> Iterator[Row]:
    """Items of a JSON list (`in_list`), or JSON values one after another."""
    number, closed = 0, False
    if in_list:
        buffer.pos += 1  # the "["
    while True:
        following = buffer.skip_space()
        if in_list:
            if following == "]":
                buffer.pos += 1
                in_list, closed = False, True
                continue
            if number and not following:
                yield MalformedRecord(path, "the JSON list is not closed", number + 1)
                return
            if number:
                if following != ",":
                    reason = "expected , or ] after this item; the rest was not read"
                    yield MalformedRecord(path, reason, number)
                    return
                buffer.pos += 1
                following = buffer.skip_space()
            if not following:
                yield MalformedRecord(path, "the JSON list is not closed", number + 1)
                return
        elif not following:
            return
        elif closed:
            yield MalformedRecord(path, "text after the end of the JSON list", number + 1)
            return
        number += 1
        try:
            yield number, buffer.value()
        except ValueError as error:
            yield MalformedRecord(path, f"{error}; the rest of the file was not read", number)
            return


def _rows(text: TextIO, path: str) -> Iterator[Row]:
    first, too_long, number = "", False, 0
    while not first.strip() and not too_long:
        first, too_long = _read_line(text)
        number += 1
        if not first and not too_long:
            raise UnreadableFile(path, "no reports: the file holds only blank lines")
    stripped = first.lstrip()
    if not too_long and stripped.startswith("["):
        rows = _items(_Buffer(text, stripped), path, in_list=True)
    elif not too_long and path.lower().endswith(".json") and _parse(first)[1]:
        # A .json file may hold one pretty-printed object (or several), not one per line.
        rows = _items(_Buffer(text, stripped), path, in_list=False)
    else:
        rows = _lines(text, path, first, too_long, number)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is wanted after
        yield row
    if not count:
        raise UnreadableFile(path, "no reports: an empty JSON list")


def read_json(source: bytes | BinaryIO, path: str) -> Iterator[RawReport | MalformedRecord]:
    """Yield one report per JSON object: a JSON Lines file, a JSON list, or a single object.

    `source` is the file's bytes or the file itself, open in binary mode at its start.
    """
    with open_text(source, path) as text:
        yield from to_reports(_rows(text, path), path)
