"""Turning a file's bytes into text: encodings are detected (bs4's UnicodeDammit), never assumed.

Raises UnreadableFile for content that is not text at all; does no other cleaning.
"""

from __future__ import annotations

from bs4 import UnicodeDammit

from indexer.readers.errors import UnreadableFile

# Tried in this order when the bytes declare nothing: UTF-8 first (it fails loudly on other
# encodings), then Windows-1252, the usual encoding of Western web pages and exports.
_FALLBACK_ENCODINGS = ("utf-8", "windows-1252", "latin-1")
_SNIFF_BYTES = 8192


def looks_binary(data: bytes) -> bool:
    """True for content with NUL bytes or mostly control bytes: an image or archive, not text."""
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.1


def decode(data: bytes, path: str) -> str:
    """Decode `data` read from `path`, detecting its encoding; raise UnreadableFile if not text."""
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    if looks_binary(data):
        raise UnreadableFile(path, "binary content, not text")
    dammit = UnicodeDammit(data, list(_FALLBACK_ENCODINGS), is_html=False)
    if dammit.unicode_markup is None:
        raise UnreadableFile(path, "could not detect the text encoding")
    return dammit.unicode_markup.lstrip("\ufeff")
