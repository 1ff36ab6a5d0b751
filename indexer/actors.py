"""The actor facet: the parties a report names, the one responsible for the deaths first.

Pure functions of text over the data in `indexer.actor_aliases`; no I/O. An actor named only as
territory ("IS-held") or as the victim ("strikes on IS") is never made the perpetrator.
"""

from __future__ import annotations

import re

from indexer.actor_aliases import (
    ACTOR_ALIASES,
    ATTACKER_AFTER,
    ATTACKER_BEFORE,
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

# Only this much text on each side of a mention decides its role.
CONTEXT_CHARS = 80

ATTACKER, TARGET, TERRITORY, MENTION = "attacker", "target", "territory", "mention"


def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def _build_alias_pattern() -> tuple[re.Pattern[str], dict[str, str | None]]:
    groups: list[str] = []
    actor_by_group: dict[str, str | None] = {}
    for index, (actor, patterns) in enumerate(ACTOR_ALIASES):
        name = f"a{index}"
        actor_by_group[name] = actor
        groups.append(f"(?P<{name}>{'|'.join(f'(?:{pattern})' for pattern in patterns)})")
    alternatives = "|".join(groups)
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w)", re.IGNORECASE)
    return pattern, actor_by_group


_ALIAS, _ACTOR_BY_GROUP = _build_alias_pattern()
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


def find_actor_mentions(sentence: str) -> list[tuple[str, int, int]]:
    """Return (canonical actor, start, end) for each actor named in `sentence`, in order."""
    mentions = []
    for match in _ALIAS.finditer(sentence):
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


def _perpetrator_in(sentences: list[str]) -> Evidence | None:
    for sentence in sentences:
        if not _KILLING.search(sentence) or _UNCERTAIN.search(sentence):
            continue
        mentions = find_actor_mentions(sentence)
        best_actor, best_strength = None, 0
        for index, (actor, start, end) in enumerate(mentions):
            limit = mentions[index + 1][1] if index + 1 < len(mentions) else len(sentence)
            role, strength = _classify(sentence, start, end, limit)
            if role == ATTACKER and strength > best_strength:
                best_actor, best_strength = actor, strength
        if best_actor is not None:
            return Evidence(best_actor, sentence)
    return None


def extract_perpetrator(title: str, body: str) -> Evidence | None:
    """Return the actor the report holds responsible for the deaths, or None if it names none."""
    return _perpetrator_in(_sentences(title, body))


def extract_actors(title: str, body: str) -> list[Evidence]:
    """Return the report's actors, deduplicated: the perpetrator first, then others as named."""
    sentences = _sentences(title, body)
    perpetrator = _perpetrator_in(sentences)
    actors = [perpetrator] if perpetrator else []
    seen = {perpetrator.value} if perpetrator else set()
    for sentence in sentences:
        for actor, _start, _end in find_actor_mentions(sentence):
            if actor not in seen:
                seen.add(actor)
                actors.append(Evidence(actor, sentence))
    return actors
