"""WordStartScan finds exactly what its whole pattern finds, trying the pattern only where a
match can start."""

from __future__ import annotations

import random
import re

import pytest

from indexer import actors, places
from indexer.gazetteer import DEATH_CUES
from indexer.word_scan import WordStartScan, _sre_parse, prefixes, trie

WORDS = [
    "the", "The", "THE", "their", "there", "army", "Army", "government", "regime", "Regime",
    "Syrian", "SYRIAN", "forces", "IS", "is", "ISIS", "this", "al", "Nusra", "al-Nusra", "Front",
    "Hezbollah", "Russian", "jets", "US", "U.S.", "led", "-", "'", "'s", ",", ".", "_", "2",
    "coalition", "strikes", "Kurdish", "YPG", "ypg", "rebels", "Islamic", "State", "so-called",
    "killed", "KILLS", "mass-killing", "skilled", "dead", "deaths", "executions", "lost", "their",
    "lives", "claimed", "life", "_", "\u212a",
]  # fmt: skip
SEPARATORS = [" ", "", "  ", "\n", "-", "\t", " - ", "\x1c"]  # \x1c: whitespace to \s


def matches(found) -> list:
    return [(m.start(), m.end(), m.lastgroup) for m in found]


def plain(body: str, outside: str = r"\w-") -> re.Pattern[str]:
    # What the scan stands for, with no lookahead and no scan.
    return re.compile(rf"(?<![{outside}])(?:{body})", re.IGNORECASE)


def random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 16)))
        for _ in range(count)
    ]


def test_the_actor_aliases_are_found_as_the_whole_pattern_finds_them():
    expected_pattern = plain(actors._ALIASES.body)
    seen = 0
    for text in random_texts(7, 3000):
        expected = matches(expected_pattern.finditer(text))
        assert matches(actors._ALIASES.finditer(text)) == expected, text
        seen += len(expected)
    assert seen > 3000


@pytest.mark.parametrize(
    "body",
    [
        r"(?:the\s+)?army|(?:Syrian\s+)?regime|Syrian\s+(?:Arab\s+)?army",
        r"(?-i:IS)|Islamic\s+State",
        r"al[-\s]Nusra|Nusra|U\.S\.\s+jets?",
        r"\w+ia",  # a start that cannot be told: every word is tried
        r"(?P<one>the)|(?P<two>their)|(?P<three>th\w+)",
    ],
)
def test_any_body_is_found_as_its_whole_pattern_finds_it(body: str):
    scan = WordStartScan(body)
    expected_pattern = plain(body)
    for text in random_texts(11, 500):
        assert matches(scan.finditer(text)) == matches(expected_pattern.finditer(text)), text


def test_death_cues_are_searched_as_their_own_pattern_searches():
    # The cues start at a word boundary ("mass-killing" counts); `outside` is then \w alone.
    own = re.compile("|".join(DEATH_CUES), re.IGNORECASE)
    seen = 0
    for text in random_texts(13, 3000):
        expected = own.search(text)
        found = places._DEATH_CUE.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
        assert matches(places._DEATH_CUE.finditer(text)) == matches(own.finditer(text)), text
        seen += expected is not None
    assert seen > 1000


def test_the_scan_rules_out_common_words_that_begin_like_an_alias():
    # "the" may begin "the army", so three letters could not rule it out; six do.
    scan = WordStartScan(r"(?:the\s+)?army|(?:the\s+)?government")
    candidates = [m.start() for m in scan._scan(" " + "the one there; the army, their".lower())]
    assert candidates == [15, 19]  # "the army" and "army" only
    assert matches(scan.finditer("The one there; the army, their")) == [(15, 23, None)]


def test_non_ascii_text_is_matched_by_the_whole_pattern():
    # Lower-casing "İ" gives two characters, which would shift every position after it.
    scan = WordStartScan(r"regime|army")
    text = "İdlib: the Regime and the ARMY"
    assert matches(scan.finditer(text)) == matches(plain(r"regime|army").finditer(text))
    assert [text[m.start() : m.end()] for m in scan.finditer(text)] == ["Regime", "ARMY"]
    # "é" is a word character: no match starts inside "éarmy" (with ASCII rules one would).
    assert list(scan.finditer("éarmy")) == []
    assert [m.start() for m in WordStartScan("kill", outside=r"\w").finditer("ékill KILL")] == [6]


def test_prefixes_stand_whitespace_as_one_symbol():
    parsed = list(_sre_parse.parse(r"the\s+army", re.IGNORECASE))
    assert prefixes(parsed, 5) == {"the\x00a", "the\x00\x00"}
    assert re.fullmatch(trie({"the\x00a", "ab"}), "the\ta")
    assert prefixes(list(_sre_parse.parse(r"[^x]y", 0)), 2) is None
