"""The city facet: the Syrian places a report is about, the main one first, and their governorates.

Pure functions of text over the data in `indexer.gazetteer`; no I/O. Places that stand in for the
government ("Damascus said") are dropped and reference points ("north of Hama") rank last.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from indexer.gazetteer import (
    DEATH_CUES,
    LEADING_ARTICLES,
    NO_BARE_POSSESSIVE,
    PLACES_BY_GOVERNORATE,
    REFERENCE_BEFORE,
    REFERENCE_EXCEPTIONS,
    SCENE_BEFORE,
    STAND_IN_AFTER,
    STAND_IN_BEFORE,
)
from indexer.gazetteer_towns import SMALLER_PLACES_BY_GOVERNORATE
from indexer.records import Evidence
from indexer.sentences import split_sentences
from indexer.word_scan import WordStartScan

# A mention in the headline says what the report is about far more than one in the body.
HEADLINE_WEIGHT = 8.0
# Extra weight for mentions in the first body sentences (the lede), by sentence index.
LEDE_BONUS = (3.0, 2.0, 1.0, 1.0)
BODY_WEIGHT = 1.0
# Long reports drift to background and other fronts: past this sentence a mention counts less.
LATE_SENTENCE = 10
LATE_WEIGHT = 0.5
# The deaths are what a report is indexed for, so a sentence that tells of them names the scene.
DEATH_SENTENCE_FACTOR = 2.0
# ... and the place named closest to the cue ("12 killed in X", "X blast kills 12") the most.
DEATH_PLACE_FACTOR = 1.5
# Only a death sentence this early hands its weight to the next sentence naming a place.
DEATH_CARRY_SENTENCES = 4
# Only this much text around a mention decides whether it is a stand-in or a reference point.
CONTEXT_CHARS = 60

_TOKEN = re.compile(r"[^\W_]+")
# Between the words of one name only spaces, hyphens, apostrophes and dots may stand.
_NAME_GAP = re.compile(r"[\s\-'’.]{1,3}")


def _fold(word: str) -> str:
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _key(name: str) -> tuple[str, ...]:
    return tuple(_fold(token) for token in _TOKEN.findall(name))


def _build_tables() -> tuple[dict[tuple[str, ...], str], dict[str, str], frozenset[str]]:
    canonical_by_key: dict[tuple[str, ...], str] = {}
    governorate_by_place: dict[str, str] = {}
    # First words of names that may be written in lower case ("eastern Ghouta", "rural Damascus").
    lowercase_starts = set(LEADING_ARTICLES)
    tiers = (PLACES_BY_GOVERNORATE, SMALLER_PLACES_BY_GOVERNORATE)
    for governorate, places in ((g, p) for tier in tiers for g, p in tier.items()):
        for entry in places:
            canonical, *variants = entry.split("|")
            governorate_by_place[canonical] = governorate
            for name in (canonical, *variants):
                canonical_by_key.setdefault(_key(name), canonical)
                if name[0].islower():
                    lowercase_starts.add(_key(name)[0])
    return canonical_by_key, governorate_by_place, frozenset(lowercase_starts)


_CANONICAL_BY_KEY, _GOVERNORATE_BY_PLACE, _LOWERCASE_STARTS = _build_tables()
_MAX_NAME_TOKENS = max(len(key) for key in _CANONICAL_BY_KEY)
# The first words of every name of two words or more: (w1,), (w1, w2), ... short of the whole.
_PREFIXES = frozenset(key[:k] for key in _CANONICAL_BY_KEY for k in range(1, len(key)))
_REFERENCE_BEFORE = re.compile("|".join(REFERENCE_BEFORE), re.IGNORECASE)
_REFERENCE_EXCEPTIONS = re.compile("|".join(REFERENCE_EXCEPTIONS), re.IGNORECASE)
_STAND_IN_BEFORE = re.compile("|".join(STAND_IN_BEFORE), re.IGNORECASE)
_STAND_IN_AFTER = re.compile("|".join(STAND_IN_AFTER), re.IGNORECASE)
_SCENE_BEFORE = re.compile("|".join(SCENE_BEFORE), re.IGNORECASE)


def _word_start_cues(cues: tuple[str, ...]) -> WordStartScan:
    # Each cue starts with \b and then a word, so a match starts where no word character stands
    # before it: what a WordStartScan with `outside` \w looks for.
    if not all(cue.startswith(r"\b") for cue in cues):
        raise ValueError("every death cue must start with \\b")
    return WordStartScan("|".join(cue[2:] for cue in cues), outside=r"\w")


_DEATH_CUE = _word_start_cues(DEATH_CUES)  # searched in every sentence

STRONG, REFERENCE, STAND_IN = "strong", "reference", "stand-in"


def _lookup(key: tuple[str, ...]) -> str | None:
    canonical = _CANONICAL_BY_KEY.get(key)
    if canonical is not None:
        return canonical
    # "Aleppos": archives that scrubbed apostrophes leave a bare possessive "s".
    last = key[-1]
    if len(last) > 3 and last.endswith("s"):
        canonical = _CANONICAL_BY_KEY.get((*key[:-1], last[:-1]))
        if canonical is not None and canonical not in NO_BARE_POSSESSIVE:
            return canonical
    return None


def find_place_mentions(sentence: str) -> list[tuple[str, int, int]]:
    """Return (canonical place, start, end) for each gazetteer place named in `sentence`: at each
    word, the longest name starting there, its words separated only by name gaps, one of them
    capitalised."""
    return _ascii_mentions(sentence) if sentence.isascii() else _any_mentions(sentence)


def _any_mentions(sentence: str) -> list[tuple[str, int, int]]:
    # find_place_mentions for any text: every word split out and folded.
    tokens = list(_TOKEN.finditer(sentence))
    words = _TOKEN.findall(sentence)
    # Every word folded at once: for ASCII text, lower case is the fold and keeps the words' spans.
    if sentence.isascii():
        folds = _TOKEN.findall(sentence.lower())
    else:
        folds = [_fold(word) for word in words]
    count = len(words)
    mentions: list[tuple[str, int, int]] = []
    # Only a capitalised word, or one that may begin a name in lower case, can begin a name.
    starts = [
        i for i, word in enumerate(words) if word[0].isupper() or folds[i] in _LOWERCASE_STARTS
    ]
    free = 0  # the first word not inside a name found already
    for i in starts:
        if i < free:
            continue
        word = words[i]
        # Grow the window a word at a time. A longer name can only follow when the words so far
        # begin some name (_PREFIXES), and never across a gap that is not a name gap.
        matched, found, key, capitalised = 0, None, (folds[i],), word[0].isupper()
        for n in range(1, min(_MAX_NAME_TOKENS, count - i) + 1):
            if n > 1:
                last = i + n - 1
                if key not in _PREFIXES or not _NAME_GAP.fullmatch(
                    sentence, tokens[last - 1].end(), tokens[last].start()
                ):
                    break
                key = (*key, folds[last])
                capitalised = capitalised or words[last][0].isupper()
            if capitalised:
                canonical = _lookup(key)
                if canonical is not None:
                    matched, found = n, canonical
        if found is not None:
            mentions.append((found, tokens[i].start(), tokens[i + matched - 1].end()))
        free = i + (matched or 1)
    return mentions


# ASCII text: the words that may begin a name (capitalised, or a lower-case start) found at once,
# and each following word of a name matched with the gap before it. The words are the same as
# _TOKEN's, since on ASCII text [^\W_] is [A-Za-z0-9]; lower case is the fold.
_ASCII_STARTS = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z][A-Za-z0-9]*|(?i:"
    + "|".join(re.escape(start) for start in sorted(_LOWERCASE_STARTS))
    + r")(?![A-Za-z0-9]))"
)
_NEXT_WORD = re.compile(_NAME_GAP.pattern + r"([A-Za-z0-9]+)")


def _ascii_mentions(sentence: str) -> list[tuple[str, int, int]]:
    # find_place_mentions for an ASCII sentence: the same mentions, without splitting and folding
    # every word first (most words cannot begin a name).
    mentions: list[tuple[str, int, int]] = []
    free = 0  # where the last name found ends: no name starts inside it
    for start in _ASCII_STARTS.finditer(sentence):
        if start.start() < free:
            continue
        word = start.group()
        key, capitalised, end = (word.lower(),), word[0].isupper(), start.end()
        found, found_end = None, 0  # the longest name so far, and where it ends
        while True:
            if capitalised:
                canonical = _lookup(key)
                if canonical is not None:
                    found, found_end = canonical, end
            if len(key) >= _MAX_NAME_TOKENS or key not in _PREFIXES:
                break
            following = _NEXT_WORD.match(sentence, end)
            if following is None:
                break
            word = following.group(1)
            key = (*key, word.lower())
            capitalised = capitalised or word[0].isupper()
            end = following.end()
        if found is not None:
            mentions.append((found, start.start(), found_end))
            free = found_end
    return mentions


def mention_role(sentence: str, start: int, end: int) -> str:
    """Classify one mention as the scene (STRONG), a REFERENCE point, or a government STAND_IN."""
    before = sentence[max(0, start - CONTEXT_CHARS) : start]
    after = sentence[end : end + CONTEXT_CHARS]
    if _STAND_IN_BEFORE.search(before):
        return STAND_IN
    # "the village of Taduf said the Observatory": a place introduced as a place is no stand-in.
    if _STAND_IN_AFTER.search(after) and not _SCENE_BEFORE.search(before):
        return STAND_IN
    if _REFERENCE_BEFORE.search(before) and not _REFERENCE_EXCEPTIONS.search(before):
        return REFERENCE
    return STRONG


_LIST_GAP = re.compile(r"\s*(?:,|&|and|or)?\s*", re.IGNORECASE)


def _roles(sentence: str, mentions: list[tuple[str, int, int]]) -> list[str]:
    """Role of each mention; a place listed right after another ("near A and B") shares its role."""
    roles: list[str] = []
    for index, (_, start, end) in enumerate(mentions):
        if index and _LIST_GAP.fullmatch(sentence[mentions[index - 1][2] : start]):
            role = roles[-1]
            # A stand-in is judged by what follows the whole list ("Moscow and Damascus said").
            if role == STRONG and _STAND_IN_AFTER.search(sentence[end : end + CONTEXT_CHARS]):
                role = STAND_IN
            roles.append(role)
        else:
            roles.append(mention_role(sentence, start, end))
    return roles


def _death_place(mentions: list[tuple[str, int, int]], cue_start: int, cue_end: int) -> int:
    """Index of the mention a death cue points at: the first after it ("killed 12 in X"), else the
    last before it ("an X blast kills 12")."""
    for number, (_, start, _) in enumerate(mentions):
        if start >= cue_end:
            return number
    before = [number for number, (_, _, end) in enumerate(mentions) if end <= cue_start]
    return before[-1] if before else -1


def _sentence_weight(index: int, has_title: bool) -> float:
    if has_title and index == 0:
        return HEADLINE_WEIGHT
    body_index = index - 1 if has_title else index
    if body_index < len(LEDE_BONUS):
        return BODY_WEIGHT + LEDE_BONUS[body_index]
    return BODY_WEIGHT if body_index < LATE_SENTENCE else LATE_WEIGHT


def extract_places(title: str, body: str) -> list[Evidence]:
    """Return the report's Syrian places, deduplicated, the place of the events first."""
    has_title = bool(title.strip())
    sentences = ([title] if has_title else []) + split_sentences(body)
    score: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    strong_text: dict[str, str] = {}
    weak_text: dict[str, str] = {}
    position = 0
    # A death sentence that names no place ("24 were killed near a camp") hands its weight on to
    # the next sentence that does ("the camp lies in Hasakeh province").
    death_pending = False
    for index, sentence in enumerate(sentences):
        death = _DEATH_CUE.search(sentence)
        mentions = find_place_mentions(sentence)
        if not mentions:
            death_pending = death_pending or (death is not None and index < DEATH_CARRY_SENTENCES)
            continue
        weight = _sentence_weight(index, has_title)
        closest = -1
        if death is not None or death_pending:
            weight *= DEATH_SENTENCE_FACTOR
        death_pending = False
        if death is not None:
            closest = _death_place(mentions, death.start(), death.end())
        roles = _roles(sentence, mentions)
        for number, ((canonical, _, _), role) in enumerate(zip(mentions, roles, strict=True)):
            position += 1
            if role == STAND_IN:
                continue
            first_seen.setdefault(canonical, position)
            if role == REFERENCE:
                weak_text.setdefault(canonical, sentence)
                continue
            strong_text.setdefault(canonical, sentence)
            gain = weight * DEATH_PLACE_FACTOR if number == closest else weight
            score[canonical] = score.get(canonical, 0.0) + gain
    strong = sorted(strong_text, key=lambda place: (-score[place], first_seen[place]))
    if strong:
        # Several villages of one governorate outweigh a single mention elsewhere: the main place
        # is the best-scored place of the best-scored governorate.
        by_governorate: dict[str | None, float] = {}
        for place in strong:
            governorate = _GOVERNORATE_BY_PLACE.get(place)
            by_governorate[governorate] = by_governorate.get(governorate, 0.0) + score[place]
        best = max(strong, key=lambda place: by_governorate[_GOVERNORATE_BY_PLACE.get(place)])
        best_governorate = _GOVERNORATE_BY_PLACE.get(best)
        main = next(p for p in strong if _GOVERNORATE_BY_PLACE.get(p) == best_governorate)
        strong.remove(main)
        strong.insert(0, main)
    weak = sorted(
        (place for place in weak_text if place not in strong_text), key=first_seen.__getitem__
    )
    return [Evidence(place, strong_text[place]) for place in strong] + [
        Evidence(place, weak_text[place]) for place in weak
    ]


def governorate_of(place: str) -> str | None:
    """Return the governorate of a place given by its canonical name or any known spelling."""
    governorate = _GOVERNORATE_BY_PLACE.get(place)
    if governorate is None:
        canonical = _CANONICAL_BY_KEY.get(_key(place))
        governorate = _GOVERNORATE_BY_PLACE.get(canonical) if canonical else None
    return governorate


def governorates_of(places: Iterable[str | Evidence]) -> list[str]:
    """Return the governorates of `places` (names or Evidence), deduplicated, order kept."""
    seen: list[str] = []
    for place in places:
        name = place.value if isinstance(place, Evidence) else place
        governorate = governorate_of(name)
        if governorate is not None and governorate not in seen:
            seen.append(governorate)
    return seen
