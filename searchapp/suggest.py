""" "Did you mean": a corrected query built from the index's own vocabulary.

An unknown word becomes the nearest indexed word, or two indexed words run together in it
("airstrike" -> "air strike"); two known words that the archive writes as one are joined ("check
point" -> "checkpoint"). Only the plain words of the query are corrected; operators, field
names, quotes, wildcards and fuzzy marks are left exactly as typed. Reads the index, never writes
it.
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
# A run-together word ("airstrike") is offered as two indexed words only if both are this long,
# and only for words no longer than two long words.
MIN_PART_LENGTH = 3
MAX_SPLIT_LENGTH = 40

_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def _closest(reader, word: str, edits: range = range(1, MAX_EDITS + 1)) -> str | None:
    """The indexed word nearest to `word`: fewest edits first, then the most frequent."""
    for distance in edits:
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


def _split(reader, word: str) -> tuple[str, str] | None:
    """`word` as two indexed words run together ("airstrike": "air", "strike"), the split whose
    rarer part is the most frequent; None when there is no such split."""
    best, best_count = None, 0.0
    if len(word) > MAX_SPLIT_LENGTH:
        return None
    for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        head, tail = word[:cut], word[cut:]
        head_count = _frequency(reader, head)  # most cuts end here: no such first word
        count = head_count and min(head_count, _frequency(reader, tail))
        if count > best_count:
            best, best_count = (head, tail), count
    return best


def _frequency(reader, word: str) -> float:
    total = 0.0
    for name in TEXT_FIELDS:
        fieldname = reader.schema[name].spelling_fieldname(name)
        if (fieldname, word) in reader:
            total += reader.frequency(fieldname, word)
    return total


def _known(searcher, word: str) -> bool:
    """Whether `word` is indexed as typed, or already matches reports as the search reads it
    (stemmed: "markets" finds "market"): such a word is never "corrected"."""
    reader = searcher.reader()
    for name in TEXT_FIELDS:
        field = searcher.schema[name]
        if (field.spelling_fieldname(name), word) in reader:
            return True
        stems = [token.text for token in field.analyzer(word)]
        if stems and all((name, stem) in reader for stem in stems):
            return True
    return False


def _is_stop_word(searcher, word: str) -> bool:
    analyzer = searcher.schema[next(iter(TEXT_FIELDS))].analyzer
    return not any(True for _ in analyzer(word))


def _plain(q: str, match: re.Match) -> bool:
    """A word of the text, not an operator, a field name ("city:"), a value after one, or a word
    with a wildcard or a fuzzy mark: only those are ever changed."""
    word, end, start = match.group(), match.end(), match.start()
    after = q[end : end + 1]
    before = q[start - 1 : start] if start else ""
    return (
        word not in _OPERATORS
        and after not in (":", "*", "?", "~")
        and before not in (":", "*", "?")
    )


def _correctable(q: str, match: re.Match) -> bool:
    return _plain(q, match) and len(match.group()) >= MIN_WORD_LENGTH


def _joined(reader, q: str, first: re.Match, second: re.Match) -> str | None:
    """Two known words with only spaces between them that the archive writes as one ("cease
    fire": "ceasefire"), as typed but joined; None when it does not."""
    if not q[first.end() : second.start()].isspace():
        return None
    if not (_plain(q, first) and _plain(q, second)):
        return None
    one, two = first.group(), second.group()
    if not _frequency(reader, (one + two).lower()):
        return None
    return one + (two.upper() if one.isupper() and len(one) > 1 else two.lower())


def _same_case(typed: str, found: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return found.upper()
    return found.capitalize() if typed[:1].isupper() else found


def _correction(reader, q: str, match: re.Match) -> str | None:
    """What to offer for the unknown word `match` of `q`: one letter off is the likeliest slip,
    then two words run together, then two letters off; None when nothing is near."""
    word = match.group()
    lowered = word.lower()
    if found := _closest(reader, lowered, range(1, 2)):
        return _same_case(word, found)
    if parts := _split(reader, lowered):
        # Two words next to each other: a phrase, unless already inside one.
        first, second = _same_case(word, parts[0]), parts[1]
        joined = f"{first} {second.upper() if word.isupper() else second}"
        return joined if q.count('"', 0, match.start()) % 2 else f'"{joined}"'
    if found := _closest(reader, lowered, range(2, MAX_EDITS + 1)):
        return _same_case(word, found)
    return None


def suggest_query(searcher, q: str) -> str | None:
    """`q` with its unknown words replaced by the closest indexed words, and two words the
    archive writes as one joined; None if nothing is."""
    reader = searcher.reader()
    pieces: list[str] = []
    last = 0
    changed = False
    matches = list(_WORD.finditer(q))
    known = [_known(searcher, match.group().lower()) for match in matches]
    skip_next = False
    for number, match in enumerate(matches):
        if skip_next:
            skip_next = False
            continue
        pieces.append(q[last : match.start()])
        last = match.end()
        correction = None
        if not known[number]:
            lowered = match.group().lower()
            if _correctable(q, match) and not _is_stop_word(searcher, lowered):
                correction = _correction(reader, q, match)
        elif number + 1 < len(matches) and known[number + 1]:
            following = matches[number + 1]
            correction = _joined(reader, q, match, following)
            if correction is not None:
                last, skip_next = following.end(), True
        pieces.append(correction or match.group())
        changed = changed or correction is not None
    pieces.append(q[last:])
    return "".join(pieces) if changed else None
