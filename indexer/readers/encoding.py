"""Turning a file's bytes into text: the encoding is detected from the bytes, never assumed.

Knows byte-order marks, UTF-16 without one, UTF-8 with stray Windows-1252 bytes, and the Windows
code pages for Western and Arabic text. Raises UnreadableFile for content that is not text at
all; does no cleaning beyond removing what no text may hold (NULs, lone surrogates).
"""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from typing import BinaryIO, NamedTuple, TextIO

from indexer.readers.errors import UnreadableFile

SNIFF_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A well-formed multi-byte UTF-8 sequence (RFC 3629): what tells UTF-8 from a one-byte code page.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = re.compile(rb"[\x80-\xff]+")
_UNTEXT = re.compile("[\x00\ud800-\udfff]")


class Encoding(NamedTuple):
    """A codec and the error handler that decodes the bytes it cannot."""

    codec: str
    errors: str


def _code_page_table(codec: str) -> str:
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:  # a hole in the code page: read the byte as Latin-1
            chars.append(chr(byte))
    return "".join(chars)


def _code_page_handler(table: str):
    def handle(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeDecodeError):
            raise error
        bad = error.object[error.start : error.end]
        return "".join(table[byte] for byte in bad), error.end

    return handle


# Bytes that are not valid in the chosen codec are read in a code page instead of being lost:
# a UTF-8 export with a few Windows-1252 quotes pasted in reads right, character by character.
for _page in ("cp1252", "cp1256"):
    codecs.register_error(f"indexer-{_page}", _code_page_handler(_code_page_table(_page)))


def _code_page(high_bytes: list[bytes]) -> str:
    """Windows-1256 when the non-ASCII bytes come in runs (whole words: Arabic letters), else
    Windows-1252, where they are the odd accented letter inside a Latin word."""
    total = sum(len(run) for run in high_bytes)
    in_words = sum(len(run) for run in high_bytes if len(run) >= 3)
    return "cp1256" if total >= 8 and in_words / total > 0.5 else "cp1252"


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 shows as one half of each byte pair drawn from a few values (0 for Latin letters,
    6 for Arabic ones) while the other half is rarely 0."""
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    for codec, high, low in (
        ("utf-16-le", sample[1::2], sample[0::2]),
        ("utf-16-be", sample[0::2], sample[1::2]),
    ):
        if 0 not in high:  # checked first: it rules out nearly every file, at C speed
            continue
        common = sum(n for _, n in Counter(high).most_common(2))
        if common / len(high) >= 0.9 and low.count(0) / len(low) < 0.05:
            try:
                text = sample.decode(codec)
            except UnicodeDecodeError:
                continue
            if not looks_binary(text[:4096].encode("utf-8", "replace")):
                return codec
    return None


_CONTROL_BYTES = bytes(b for b in range(256) if b < 9 or 13 < b < 32 or b == 127)


def looks_binary(data: bytes) -> bool:
    """True for content with NUL bytes or mostly control bytes: an image or archive, not text."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    # Text has no control characters but tab, line and page breaks; random bytes have one in ten.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05


def detect(data: bytes, path: str, complete: bool = True) -> Encoding:
    """The encoding of `data` (the whole file, or its first bytes when not `complete`).

    Raises UnreadableFile for an empty file or one that is not text.
    """
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Encoding(codec, "replace")
    utf16 = _utf16_without_bom(data[:SNIFF_BYTES])
    if utf16:
        return Encoding(utf16, "replace")
    if looks_binary(data):
        raise UnreadableFile(path, "binary content, not text")
    if not complete or len(data) > SNIFF_BYTES:
        data = data[: SNIFF_BYTES - 4]  # may end inside a character: leave those bytes out
    try:  # the common case, in C: well-formed UTF-8 (or ASCII), so no stray bytes at all
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Encoding("utf-8", f"indexer-{_code_page([])}")
    multi = len(_UTF8_MULTI.findall(data))
    stray = _HIGH.findall(_UTF8_MULTI.sub(b" ", data))
    page = _code_page(stray)
    # A code-page text forms a valid UTF-8 sequence only by chance ("Ã©"), so a few valid ones
    # among many stray bytes are chance; more make it UTF-8 with stray code-page bytes pasted in.
    if stray and sum(len(run) for run in stray) > 4 * multi:
        return Encoding(page, f"indexer-{page}")
    return Encoding("utf-8", f"indexer-{page}")


def scrub(text: str) -> str:
    """Text without what no text may hold: NULs go, lone surrogates (from a JSON \\ud800 escape)
    become U+FFFD, so the index, which stores UTF-8, can always write it."""
    if not _UNTEXT.search(text):
        return text
    return _UNTEXT.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def decode(data: bytes, path: str) -> str:
    """Decode `data` read from `path`, detecting its encoding; raise UnreadableFile if not text."""
    encoding = detect(data, path)
    return scrub(data.decode(encoding.codec, encoding.errors).lstrip("\ufeff"))


def open_text(source: bytes | BinaryIO, path: str, newline: str | None = None) -> TextIO:
    """A text stream over `source` (bytes, or a binary file open at its start), decoded in the
    encoding detected from its first bytes: a large export is never held in memory whole."""
    if isinstance(source, bytes | bytearray):
        stream: BinaryIO = io.BytesIO(source)
    else:
        stream = source
    sample = stream.read(SNIFF_BYTES)
    complete = len(sample) < SNIFF_BYTES
    if not complete and not sample.strip():
        raise UnreadableFile(path, "begins with 64 KB of blank space: not a report export")
    encoding = detect(sample, path, complete)
    stream.seek(0)
    return io.TextIOWrapper(stream, encoding.codec, encoding.errors, newline=newline)
