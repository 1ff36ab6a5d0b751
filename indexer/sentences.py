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
# A sentence ends after ".", "!" or "?" (and any closing quotes) before a capital or a digit, and
# at line breaks. The boundary (group 1, or the line breaks) is the gap between sentences; the
# stop itself is matched, not looked behind for, so that Python skips to the stops quickly.
_BOUNDARY = re.compile(r"[.!?]([\"'\u201d\u2019)]*\s+)(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text`, stripped, in order; paragraph breaks always split."""
    return list(_split(text))


# The places, actors and tolls extractors each split the same body: split it once.
@lru_cache(maxsize=8)
def _split(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start(1) if match.start(1) >= 0 else match.start()
        gap = text[end : match.end()]
        # Only a bare space after a period can follow an abbreviation ("Gen. Ali").
        if text[end - 1] == "." and gap.isspace() and "\n" not in gap:
            candidate = text[start:end].strip()
            last_word = candidate.rsplit(None, 1)[-1].rstrip(".").lower() if candidate else ""
            if last_word in _ABBREVIATIONS:
                continue
        sentence = text[start : match.end()].strip()
        # After a bare space the sentence is the text before it; after closing quotes, those
        # alone are no sentence.
        if sentence and (gap.isspace() or text[start:end].strip()):
            sentences.append(sentence)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)
