""" "Did you mean": a corrected query built from the index's own vocabulary.

Only the plain words of the query are corrected; operators, field names, quotes, wildcards and
fuzzy marks are left exactly as typed. Reads the index, never writes it.
"""

from __future__ import annotations

import re

from indexer.schema import TEXT_FIELDS

# A query finding fewer reports than this gets a suggestion, if a better query exists.
SUGGEST_BELOW = 3
# Words this short are too often abbreviations or names to second-guess.
MIN_WORD_LENGTH = 4
# More than two edits away, a "correction" is usually another word altogether.
MAX_EDITS = 2

_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def _closest(reader, word: str) -> str | None:
    """The indexed word nearest to `word`: fewest edits first, then the most frequent."""
    for distance in range(1, MAX_EDITS + 1):
        candidates: dict[str, float] = {}
        for name in TEXT_FIELDS:
            fieldname = reader.schema[name].spelling_fieldname(name)
            for found in reader.terms_within(fieldname, word, distance, prefix=1):
                if found != word:
                    frequency = reader.frequency(fieldname, found)
                    candidates[found] = candidates.get(found, 0) + frequency
        if candidates:
            return max(candidates, key=lambda w: (candidates[w], w))
    return None


def _known(reader, word: str) -> bool:
    for name in TEXT_FIELDS:
        fieldname = reader.schema[name].spelling_fieldname(name)
        if (fieldname, word) in reader:
            return True
    return False


def _is_stop_word(searcher, word: str) -> bool:
    analyzer = searcher.schema[next(iter(TEXT_FIELDS))].analyzer
    return not any(True for _ in analyzer(word))


def _correctable(q: str, match: re.Match) -> bool:
    word, end, start = match.group(), match.end(), match.start()
    if word in _OPERATORS or len(word) < MIN_WORD_LENGTH:
        return False
    after = q[end : end + 1]
    before = q[start - 1 : start] if start else ""
    # A field name ("city:"), a value after one, a wildcard or a fuzzy mark: kept as typed.
    return after not in (":", "*", "?", "~") and before not in (":", "*", "?")


def _same_case(typed: str, found: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return found.upper()
    return found.capitalize() if typed[:1].isupper() else found


def suggest_query(searcher, q: str) -> str | None:
    """`q` with its unknown words replaced by the closest indexed words, or None if none is."""
    reader = searcher.reader()
    pieces: list[str] = []
    last = 0
    changed = False
    for match in _WORD.finditer(q):
        pieces.append(q[last : match.start()])
        last = match.end()
        word = match.group()
        lowered = word.lower()
        replacement = word
        if (
            _correctable(q, match)
            and not _known(reader, lowered)
            and not _is_stop_word(searcher, lowered)
        ):
            found = _closest(reader, lowered)
            if found:
                replacement, changed = _same_case(word, found), True
        pieces.append(replacement)
    pieces.append(q[last:])
    return "".join(pieces) if changed else None
