"""Reader for plain-text reports: the first non-empty line is the headline, the rest the body.

Returns raw text; cleaning happens later.
"""

from __future__ import annotations

from collections.abc import Iterator

from indexer.readers.encoding import decode
from indexer.readers.errors import UnreadableFile
from indexer.readers.limits import MAX_REPORT_CHARS, too_long_report
from indexer.records import RawReport


def read_txt(data: bytes, path: str) -> Iterator[RawReport]:
    """Yield the one report held in a .txt file's bytes."""
    text = decode(data, path)
    if len(text) > MAX_REPORT_CHARS:
        raise UnreadableFile(path, too_long_report(len(text)))
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.strip():
            title = line.strip()
            body = "\n".join(lines[number + 1 :]).strip("\n")
            break
    else:  # pragma: no cover - decode() already rejects blank files
        raise UnreadableFile(path, "no text")
    if not body.strip():
        raise UnreadableFile(path, "a headline but no body")
    yield RawReport(id=path, title=title, body=body, path=path)
