"""Splitting cleaned report text into sentences, shared by the extractors for their evidence.

Pure: text in, list of strings out. Deliberately simple; it must never drop text.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Abbreviations that end with a period but do not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen lt col maj capt sgt no vs jan feb mar apr jun jul aug sep sept oct nov dec"
    " u.s u.n u.k e.g i.e".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text`, stripped, in order; paragraph breaks always split."""
    return list(_split(text))


# The places, actors and tolls extractors each split the same body: split it once.
@lru_cache(maxsize=8)
def _split(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()].strip()
        last_word = candidate.rsplit(None, 1)[-1].rstrip(".").lower() if candidate else ""
        if (
            match.group().strip() == ""
            and "\n" not in match.group()
            and last_word in _ABBREVIATIONS
        ):
            continue
        if candidate:
            sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)
