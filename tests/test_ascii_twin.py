"""An AsciiTwin matches on ASCII text exactly what its pattern matches, and non-ASCII text goes to
the pattern itself."""

from __future__ import annotations

import random
import re

from indexer.actors import _ALIAS
from indexer.ascii_twin import AsciiTwin
from indexer.places import _DEATH_CUE

WORDS = [
    "Killed", "KILLED", "killings", "dead", "Regime", "regime-held", "forces", "ISIS", "Nusra",
    "al-Nusra", "Hezbollah", "Russian", "jets", "Douma", "-", "'", ",", ".", "_", "2", "strike",
    "SYRIAN", "army", "rebels", "opposition", "Kurdish", "YPG", "died", "bodies", "martyrs",
]  # fmt: skip


def spans(matches) -> list:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def test_the_twin_matches_what_the_pattern_matches_on_ascii_text():
    rng = random.Random(5)
    patterns = [AsciiTwin(_ALIAS), _DEATH_CUE]
    seen = 0
    for _ in range(2000):
        text = "".join(rng.choice(WORDS) + rng.choice([" ", "", "  ", "\n"]) for _ in range(12))
        for twin in patterns:
            expected = spans(twin.pattern.finditer(text))
            assert spans(twin.finditer(text)) == expected, text
            found = twin.search(text)
            assert (found and found.span()) == (expected and expected[0][:2]) or (
                not found and not expected
            )
            seen += len(expected)
    assert seen > 1000


def test_non_ascii_text_goes_to_the_unicode_pattern():
    # With ASCII semantics "é" is no word character, so the twin would find "kill" inside it.
    twin = AsciiTwin(re.compile(r"(?<!\w)kill", re.IGNORECASE))
    assert [m.start() for m in twin.finditer("ékill KILL")] == [6]
    assert [m.start() for m in twin.twin.finditer("ékill KILL")] == [1, 6]
