"""Sentence splitting: where sentences end, abbreviations, quotes, and nothing dropped."""

from __future__ import annotations

import random
import re

import pytest

from indexer.sentences import split_sentences

# The rule as first written: a boundary looked behind for, each candidate sentence stripped
# and its last word checked. split_sentences matches the stop instead and checks less; it must
# give the same sentences.
_PLAIN_BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")
_ABBREVIATIONS = set(
    "mr mrs ms dr st gen lt col maj capt sgt no vs jan feb mar apr jun jul aug sep sept oct nov dec"
    " u.s u.n u.k e.g i.e".split()
)


def by_the_rules(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _PLAIN_BOUNDARY.finditer(text):
        candidate = text[start : match.start()].strip()
        last_word = candidate.rsplit(None, 1)[-1].rstrip(".").lower() if candidate else ""
        if match.group().strip() == "" and "\n" not in match.group():
            if last_word in _ABBREVIATIONS:
                continue
        if candidate:
            sentences.append(text[start : match.end()].strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Douma. Nine died.", ["Shelling hit Douma.", "Nine died."]),
        ("Gen. Ali said so. Nobody else did.", ["Gen. Ali said so.", "Nobody else did."]),
        ("U.S. jets struck. 12 died!", ["U.S. jets struck.", "12 died!"]),
        ('"We fled." Then the jets came.', ['"We fled."', "Then the jets came."]),
        (
            "Strikes on Jan. 5 and Feb. 6. Nine died.",
            ["Strikes on Jan. 5 and Feb. 6.", "Nine died."],
        ),
        ("no capital after. this stays", ["no capital after. this stays"]),
        ("Headline\nFirst line.\n\nSecond", ["Headline", "First line.", "Second"]),
        ("Mr.\nSmith", ["Mr.", "Smith"]),  # a line break always splits
        ("  \n\n  ", []),
    ],
)
def test_sentences_end_where_a_reader_would_end_them(text: str, expected: list[str]):
    assert split_sentences(text) == expected


PIECES = [
    "Gen.", "Mr.", "mr.", "U.S.", "word", "Word.", '"Quote."', "end!", "(Gen.", "x?", "\u2019",
    "\u201c", "\u201d", ")", "(", "\n", "\n\n", ".", "'", "2.", "Jan...", "A.", '?"', "!)",
    "Aleppo",
]  # fmt: skip


def test_splitting_equals_the_plain_rule_on_random_text():
    rng = random.Random(2)
    for _ in range(20000):
        text = "".join(
            rng.choice(PIECES) + rng.choice([" ", "", "  ", " \n", "\t"])
            for _ in range(rng.randrange(0, 25))
        )
        assert split_sentences(text) == by_the_rules(text), repr(text)
