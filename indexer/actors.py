"""The actor facet: the parties a report names, the one responsible for the deaths first.

Pure functions of text over the data in `indexer.actor_aliases`; no I/O. An actor named only as
territory ("IS-held") or as the victim ("strikes on IS"), or only in background sentences about
other incidents, is never made the perpetrator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from indexer.actor_aliases import (
    ACTOR_ALIASES,
    ALLIED_WITH,
    ATTACKER_AFTER,
    ATTACKER_BEFORE,
    BACKGROUND_CUES,
    INCIDENT_REFERENCE,
    KILLING_CUES,
    NEGATED_BEFORE,
    NOT_ATTACKER_BY,
    TARGET_AFTER,
    TARGET_BEFORE,
    TERRITORY_AFTER,
    TERRITORY_BEFORE,
    UNCERTAINTY_CUES,
    WEAPON_WORDS,
)
from indexer.records import Evidence
from indexer.sentences import split_sentences
from indexer.tolls import extract_death_toll
from indexer.word_scan import WordStartScan

# Only this much text on each side of a mention decides its role.
CONTEXT_CHARS = 80

# Reports put who did it in the headline and the opening sentences; an attacker first named
# further down is usually a different, earlier incident told as background.
LEAD_SENTENCES = 3

ATTACKER, TARGET, TERRITORY, MENTION = "attacker", "target", "territory", "mention"

# (canonical actor, start, end) of one actor named in a sentence.
Mention = tuple[str, int, int]


def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def _build_alias_scan() -> tuple[WordStartScan, dict[str, str | None]]:
    groups: list[str] = []
    actor_by_group: dict[str, str | None] = {}
    for index, (actor, patterns) in enumerate(ACTOR_ALIASES):
        name = f"a{index}"
        actor_by_group[name] = actor
        groups.append(f"(?P<{name}>{'|'.join(f'(?:{pattern})' for pattern in patterns)})")
    return WordStartScan(rf"(?:{'|'.join(groups)})(?!\w)"), actor_by_group


# The one that scans every sentence; _ALIAS is its whole pattern.
_ALIASES, _ACTOR_BY_GROUP = _build_alias_scan()
_ALIAS = _ALIASES.pattern
_WEAPON = re.compile(WEAPON_WORDS, re.IGNORECASE)
_KILLING = re.compile(KILLING_CUES, re.IGNORECASE)
_TERRITORY_AFTER = _any_of(TERRITORY_AFTER)
_TERRITORY_BEFORE = _any_of(TERRITORY_BEFORE)
_TARGET_AFTER = _any_of(TARGET_AFTER)
_TARGET_BEFORE = _any_of(TARGET_BEFORE)
_ATTACKER_BEFORE = _any_of(ATTACKER_BEFORE)
_NOT_ATTACKER_BY = _any_of(NOT_ATTACKER_BY)
_ATTACKER_AFTER = _any_of(ATTACKER_AFTER)
_UNCERTAIN = _any_of(UNCERTAINTY_CUES)
_NEGATED_BEFORE = _any_of(NEGATED_BEFORE)
_INCIDENT_REFERENCE = _any_of(INCIDENT_REFERENCE)
_BACKGROUND = _any_of(BACKGROUND_CUES)


def find_actor_mentions(sentence: str) -> list[Mention]:
    """Return (canonical actor, start, end) for each actor named in `sentence`, in order."""
    mentions = []
    for match in _ALIASES.finditer(sentence):
        actor = _ACTOR_BY_GROUP[match.lastgroup or ""]
        if actor is not None:
            mentions.append((actor, match.start(), match.end()))
    return mentions


def _classify(sentence: str, start: int, end: int, limit: int) -> tuple[str, int]:
    # Returns the role and how explicit an attack is: "killed by X" (2) beats "X shelled" (1).
    before = sentence[max(0, start - CONTEXT_CHARS) : start]
    # The text after a mention stops at the next actor, whose verbs are its own.
    after = sentence[end : min(end + CONTEXT_CHARS, limit)]
    if _TERRITORY_AFTER.search(after) or _TERRITORY_BEFORE.search(before):
        return TERRITORY, 0
    if _NEGATED_BEFORE.search(before):
        return MENTION, 0
    if _ATTACKER_BEFORE.search(before) and not _NOT_ATTACKER_BY.search(before):
        return ATTACKER, 2
    if _TARGET_AFTER.search(after) or _TARGET_BEFORE.search(before):
        return TARGET, 0
    if _WEAPON.search(sentence, start, end) or _ATTACKER_AFTER.search(after):
        return ATTACKER, 1
    return MENTION, 0


def mention_role(sentence: str, start: int, end: int) -> str:
    """Classify one actor mention in a sentence as ATTACKER, TARGET, TERRITORY or plain MENTION."""
    later = [s for _actor, s, _end in find_actor_mentions(sentence) if s >= end]
    return _classify(sentence, start, end, min(later, default=len(sentence)))[0]


def _sentences(title: str, body: str) -> list[str]:
    return ([title] if title.strip() else []) + split_sentences(body)


def _shared_side(sentence: str, mentions: list[Mention]) -> str | None:
    # "Unclear whether regime or Russian jets": uncertain which ally, certain which side.
    sides = set()
    for index, (actor, start, end) in enumerate(mentions):
        limit = mentions[index + 1][1] if index + 1 < len(mentions) else len(sentence)
        if _classify(sentence, start, end, limit)[0] in (ATTACKER, MENTION):
            sides.add(ALLIED_WITH.get(actor, actor))
    named = {actor for actor, _start, _end in mentions}
    return sides.pop() if len(sides) == 1 and len(named) > 1 else None


def _perpetrator_in(
    sentences: Iterable[tuple[str, int]], mentions_in: Callable[[str], list[Mention]]
) -> Evidence | None:
    # Each sentence comes with the strength of attack it must state to name the perpetrator.
    for sentence, needed in sentences:
        if not _KILLING.search(sentence):
            continue
        mentions = mentions_in(sentence)
        if _UNCERTAIN.search(sentence):
            side = _shared_side(sentence, mentions)
            if side is not None:
                return Evidence(side, sentence)
            continue
        best_actor, best_strength = None, needed - 1
        for index, (actor, start, end) in enumerate(mentions):
            limit = mentions[index + 1][1] if index + 1 < len(mentions) else len(sentence)
            role, strength = _classify(sentence, start, end, limit)
            if role == ATTACKER and strength > best_strength:
                best_actor, best_strength = actor, strength
        if best_actor is not None:
            return Evidence(best_actor, sentence)
    return None


def _incident_sentences(title: str, body: str, sentences: list[str]) -> Iterator[tuple[str, int]]:
    # The headline, the lead and the sentence giving the death toll tell of the incident itself.
    # A generator, so the toll is only looked for when the lead names no perpetrator.
    lead_count = LEAD_SENTENCES + (1 if title.strip() else 0)
    lead = sentences[:lead_count]
    for sentence in lead:
        yield sentence, 1
    toll = extract_death_toll(title, body)
    if toll is not None and toll.text not in lead:
        lead.append(toll.text)
        yield toll.text, 1
    # Further down, only an explicit attribution of the incident counts: "the raids were
    # carried out by ...", never "X shelled ..." which is as likely another day's news.
    for sentence in sentences[lead_count:]:
        if (
            sentence not in lead
            and _INCIDENT_REFERENCE.search(sentence)
            and not _BACKGROUND.search(sentence)
        ):
            yield sentence, 2


def extract_perpetrator(title: str, body: str) -> Evidence | None:
    """Return the actor the report holds responsible for the deaths, or None if it names none."""
    sentences = _sentences(title, body)
    return _perpetrator_in(_incident_sentences(title, body, sentences), find_actor_mentions)


def extract_actors(title: str, body: str) -> list[Evidence]:
    """Return the report's actors, deduplicated: the perpetrator first, then others as named."""
    return extract_actor_facets(title, body)[1]


def extract_actor_facets(title: str, body: str) -> tuple[Evidence | None, list[Evidence]]:
    """The perpetrator (or None) and all the report's actors, perpetrator first, in one pass."""
    sentences = _sentences(title, body)
    mentions = {sentence: find_actor_mentions(sentence) for sentence in sentences}
    incident = _incident_sentences(title, body, sentences)
    # The toll sentence is one of the report's sentences, except for rare splitting differences.
    perpetrator = _perpetrator_in(incident, lambda s: mentions.get(s) or find_actor_mentions(s))
    actors = [perpetrator] if perpetrator else []
    seen = {perpetrator.value} if perpetrator else set()
    for sentence in sentences:
        for actor, _start, _end in mentions[sentence]:
            if actor not in seen:
                seen.add(actor)
                actors.append(Evidence(actor, sentence))
    return perpetrator, actors
