"""Death-toll extraction: how many people a report says were killed, and the sentence that says so.

Pure functions of text. Reads its cue words from indexer.toll_cues; never counts the injured,
the displaced, ages, distances, dates or the whole war's cumulative toll.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import toll_cues as cues
from indexer.records import Toll
from indexer.sentences import split_sentences

TOLL_RANGES = ("1-9", "10-49", "50-99", "100-499", "500+")
NO_TOLL = "none"
TOLL_RANGE_LABELS = {
    "1-9": "1\u20139 killed",
    "10-49": "10\u201349 killed",
    "50-99": "50\u201399 killed",
    "100-499": "100\u2013499 killed",
    "500+": "500+ killed",
    NO_TOLL: "No toll reported",
}
_RANGE_FLOORS = ((500, "500+"), (100, "100-499"), (50, "50-99"), (10, "10-49"), (1, "1-9"))

# A sentence without any of these stems cannot state a toll, so it is never tokenised.
_DEATH_STEMS = re.compile(
    r"kill|dead|die|death|bod(?:y|ies)|martyr|slain|slew|perish|execut|massacr|lives|toll|slaughter"
    r"|fatalit|corpse"
)
# Hyphens and dashes are dropped so "twenty-two", "8-day" and "15-year-old" read as plain words;
# dates, times and decimals ("23-04-2016", "21:09", "2.5") stay whole tokens that are no count.
_TOKEN = re.compile(
    r"\d+(?:[./:\-]\d+)+|\d{1,3}(?:,\d{3})+(?!\d)|\d+|[a-z]+|[^\sa-z\d\-\u2010-\u2015]"
)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_BREAKS = frozenset('.;:!?"\u201c\u201d()[]')
_LARGEST_COUNT = 1_000_000
_FORWARD_WINDOW = 7
_HEDGES_LONGEST_FIRST = sorted(cues.HEDGES.items(), key=lambda item: -len(item[0]))
_NUMBER_STARTS = frozenset(
    [*cues.UNITS, *cues.TENS, *cues.VAGUE_AMOUNTS, "a", "an", "half", "dozen"]
)
_CIVILIAN_GROUPS = frozenset("civilians people persons citizens residents".split())
_CIVILIAN_SUBGROUPS = frozenset(
    "children child kids women woman babies infants girls boys schoolchildren students".split()
)


@dataclass
class _Quantity:
    """A figure found in a sentence's tokens: tokens [start, end), hedge from `hedge_start`."""

    value: int
    approximate: bool
    vague: bool
    start: int
    end: int
    hedge_start: int
    single: bool = False  # "a child": only a death word right after it makes it a toll


@dataclass(frozen=True)
class _Candidate:
    value: int
    approximate: bool
    vague: bool
    update: bool
    text: str


def toll_range(value: int | None) -> str:
    """The facet bucket of a death toll: one of TOLL_RANGES, or NO_TOLL for none (or zero)."""
    if value is not None:
        for floor, label in _RANGE_FLOORS:
            if value >= floor:
                return label
    return NO_TOLL


def extract_death_toll(title: str, body: str) -> Toll | None:
    """The number killed in the report's incident, preferring the headline, or None."""
    headline = _sentence_candidates(title or "")
    body_candidates = [
        c for sentence in split_sentences(body or "") for c in _sentence_candidates(sentence)
    ]
    chosen = _choose(headline, body_candidates)
    if chosen is None or chosen.value <= 0:
        return None
    return Toll(value=chosen.value, approximate=chosen.approximate, text=chosen.text)


def _choose(headline: list[_Candidate], body: list[_Candidate]) -> _Candidate | None:
    precise_body = [c for c in body if not c.vague]
    chosen: _Candidate | None = None
    precise_headline = [c for c in headline if not c.vague]
    if precise_headline:
        chosen = precise_headline[0]
    elif headline and precise_body:
        # "Dozens killed" over a body that gives the figure: the figure is what was counted.
        chosen = precise_body[0]
    elif headline:
        chosen = headline[0]
    elif body:
        chosen = body[0]
    if chosen is None:
        return None
    # A revised toll later in the report supersedes a lower first count.
    for candidate in body:
        if candidate.update and not candidate.vague and candidate.value > chosen.value:
            chosen = candidate
    return chosen


def _sentence_candidates(sentence: str) -> list[_Candidate]:
    lowered = sentence.lower()
    if not _DEATH_STEMS.search(lowered):
        return []
    if any(cue in lowered for cue in cues.CUMULATIVE_CUES):
        return []
    tokens = _TOKEN.findall(lowered)
    quantities = _find_quantities(tokens)
    if not quantities:
        return []
    by_start = {q.hedge_start: q for q in quantities}
    by_start.update({q.start: q for q in quantities})
    consumed: set[int] = set()
    found: list[_Candidate] = []
    for quantity in quantities:
        if quantity.start in consumed or _is_subset(tokens, quantity):
            continue
        killed, update, group = _link(tokens, quantity, by_start)
        consumed.update(member.start for member in group)
        if not killed:
            continue
        found.append(
            _Candidate(
                value=sum(member.value for member in group),
                approximate=any(member.approximate for member in group),
                vague=all(member.vague for member in group),
                update=update,
                text=sentence.strip(),
            )
        )
    return found


def _find_quantities(tokens: list[str]) -> list[_Quantity]:
    quantities: list[_Quantity] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not (token[0].isdigit() or token in _NUMBER_STARTS):
            index += 1
            continue
        parsed = _read_number(tokens, index)
        if parsed is None:
            index += 1
            continue
        value, end, vague = parsed
        if _is_count(tokens, index, end, value):
            hedge_start, hedged = _read_hedge(tokens, index)
            single = tokens[index] in ("a", "an") and value == 1
            quantities.append(
                _Quantity(value, hedged or vague, vague, index, end, hedge_start, single)
            )
        index = end
    return quantities


def _read_number(tokens: list[str], index: int) -> tuple[int, int, bool] | None:
    """(value, end, vague) of a figure starting at tokens[index], or None."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    if token[0].isdigit():
        if not _DIGITS.fullmatch(token):
            return None
        return int(token.replace(",", "")), index + 1, False
    if token in cues.VAGUE_AMOUNTS:
        if token == "tens" and following != "of":
            return None
        return cues.VAGUE_AMOUNTS[token], index + 1, True
    if token in ("a", "an"):
        if following == "dozen":
            return cues.DOZEN, index + 2, False
        if following in cues.SINGLE_PERSON_NOUNS:
            return 1, index + 2, False
        return None
    if token == "half" and tokens[index + 1 : index + 3] == ["a", "dozen"]:
        return cues.DOZEN // 2, index + 3, False
    if token == "dozen":
        return cues.DOZEN, index + 1, False
    return _read_number_words(tokens, index)


def _read_number_words(tokens: list[str], index: int) -> tuple[int, int, bool] | None:
    total = current = 0
    end = index
    position = index
    while position < len(tokens):
        word = tokens[position]
        if word in cues.UNITS and current % (10 if cues.UNITS[word] < 10 else 100) == 0:
            current += cues.UNITS[word]
        elif word in cues.TENS and current % 100 == 0:
            current += cues.TENS[word]
        elif word in cues.MULTIPLIERS and position > index:
            multiplier = cues.MULTIPLIERS[word]
            if multiplier == 1000:
                total, current = (total + (current or 1)) * 1000, 0
            else:
                current = (current or 1) * multiplier
        elif word == "and" and position > index and tokens[position - 1] in cues.MULTIPLIERS:
            position += 1
            continue
        else:
            break
        position += 1
        end = position
    if end == index:
        return None
    return total + current, end, False


def _read_hedge(tokens: list[str], start: int) -> tuple[int, bool]:
    for words, approximate in _HEDGES_LONGEST_FIRST:
        size = len(words)
        if start >= size and tuple(tokens[start - size : start]) == words:
            return start - size, approximate
    return start, False


def _is_count(tokens: list[str], start: int, end: int, value: int) -> bool:
    """False for figures that measure time, distance, money or dates rather than people."""
    if value <= 0 or value > _LARGEST_COUNT or _is_year(tokens[start]):
        return False
    following = tokens[end] if end < len(tokens) else ""
    previous = tokens[start - 1] if start > 0 else ""
    if following in cues.MEASURE_NOUNS or previous in cues.NOT_COUNT_BEFORE:
        return False
    if following in cues.MONTH_WORDS or previous in cues.MONTH_WORDS:
        return False
    # Day and month beside a year: "23-07-2016" arrives here as "23 07 2016".
    if _is_year(following) or _is_year(previous) or following == "%":
        return False
    return not (following == "of" and tokens[end + 1 : end + 2] == ["the"])


def _is_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and 1990 <= int(token) <= 2030


def _is_subset(tokens: list[str], quantity: _Quantity) -> bool:
    """True for "including 3 children", "among them four women", "two of them ..."."""
    before = tokens[max(0, quantity.hedge_start - 2) : quantity.hedge_start]
    if any(word in cues.SUBSET_OPENERS for word in before[-1:]):
        return True
    if tuple(before) in cues.SUBSET_PHRASES:
        return True
    return tuple(tokens[quantity.end : quantity.end + 2]) in (("of", "them"), ("of", "whom"))


def _link(
    tokens: list[str], quantity: _Quantity, by_start: dict[int, _Quantity]
) -> tuple[bool, bool, list[_Quantity]]:
    """Whether the figure (with any figures added to it) counts the dead, and whether it is
    a revised toll. Returns (killed, update, group)."""
    killed_before, needs_death_word, update, stale = _killing_before(tokens, quantity.hedge_start)
    outcome, group = _read_forward(tokens, quantity, by_start, killed_before)
    if outcome == "killed":
        return True, update, group
    if outcome or stale:
        return False, False, group
    return killed_before and not needs_death_word, update, group


def _killing_before(tokens: list[str], start: int) -> tuple[bool, bool, bool, bool]:
    """(killed, needs a death word after, is an update, is stale) from the words before a figure."""
    position = start - 1
    while position >= 0 and tokens[position] in ("the", "another", "a", "an"):
        position -= 1
    if position < 0:
        return False, False, False, False
    word = tokens[position]
    if word in cues.KILLING_BEFORE:
        return True, word in cues.NEEDS_DEATH_WORD_AFTER, False, False
    for phrase in cues.KILLING_PHRASES:
        size = len(phrase)
        if tuple(tokens[position - size + 1 : position + 1]) == phrase:
            return True, False, False, False
    skipped: list[str] = []
    while position >= 0 and tokens[position] in cues.TOLL_FILLERS:
        skipped.append(tokens[position])
        position -= 1
    if not skipped and (position < 0 or tokens[position] not in cues.TOLL_NOUNS):
        return False, False, False, False
    # The toll noun may stand further back: "death toll in the attack on the town rose to 45".
    for back in range(position, max(-1, position - cues.TOLL_REACH), -1):
        word = tokens[back]
        if word in cues.TOLL_NOUNS:
            earlier = tokens[max(0, back - 3) : back]
            update = any(w in cues.UPDATE_CUES for w in skipped + earlier)
            stale = any(w in cues.STALE_TOLL_CUES for w in earlier)
            return True, False, update, stale
        if word[0].isdigit() or word in _BREAKS:
            break
    return False, False, False, False


def _read_forward(
    tokens: list[str], quantity: _Quantity, by_start: dict[int, _Quantity], governed: bool
) -> tuple[str, list[_Quantity]]:
    """Walk the words after a figure. Returns ("killed" | "not" | "", the figures added to it);
    `governed` says a killing verb before the figure already takes it as its object."""
    group = [quantity]
    position = quantity.end
    words_seen = 0
    in_subset = False
    last_noun = tokens[quantity.end - 1] if quantity.single else ""
    while position < len(tokens) and words_seen <= _FORWARD_WINDOW:
        word = tokens[position]
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        joined = by_start.get(position)
        if joined is not None and joined is not quantity:
            previous = tokens[position - 1]
            if in_subset or _is_subset(tokens, joined):
                in_subset = True
            elif previous == cues.PART_OF:
                return "not", group  # "2 medics among 31 dead": the 31 is the toll
            elif last_noun and (previous in cues.SUM_JOINERS or previous == last_noun):
                noun = tokens[joined.end] if joined.end < len(tokens) else ""
                if not (last_noun in _CIVILIAN_GROUPS and noun in _CIVILIAN_SUBGROUPS):
                    group.append(joined)
            else:
                return "", group
            position = joined.end
            continue
        if word in _BREAKS:
            return "", group
        if word in cues.NOT_KILLED and (word in cues.HURT or not governed):
            # "killed 30 people injured 90": "injured" takes the next figure, not this one.
            return ("" if following and by_start.get(position + 1) else "not"), group
        if word in cues.KILLED_AFTER:
            # "19 killed and injured" counts casualties, not deaths.
            after = tokens[position + 1 : position + 3]
            if len(after) == 2 and after[0] in ("and", "or") and after[1] in cues.HURT:
                return "not", group
            return "killed", group
        if word == "lost" and following in ("their", "his", "her"):
            return "killed", group
        if quantity.single and word not in cues.LINKING_WORDS and word not in cues.PEOPLE_NOUNS:
            return "", group
        if word in cues.SUBSET_OPENERS:
            in_subset = True
        if word in cues.PEOPLE_NOUNS:
            last_noun = word
        elif word in cues.KILLING_BEFORE:
            # A new clause ("... kills 3"): this figure is its subject, not its object.
            return "", group
        position += 1
        words_seen += 1
    return "", group
