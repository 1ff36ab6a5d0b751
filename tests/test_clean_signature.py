"""A closing agency signature ("... --Reuters") is looked for only when the text ends with an
agency's name: on any text that must find what the signature pattern finds on its own."""

from __future__ import annotations

import random

from indexer import clean, noise
from indexer.clean import split_dateline

PIECES = [
    "word", "Troops held", ".", "!", '"', "\u201d", " ", "\t", "\n", "\n\n", "--", "-", "\u2014",
    "\u2013", "AFP", "Reuters", "reuters", "REUTERS.", "x", "\u00e9", "\x1c", "\u212a", "SANA",
    *list(noise.AGENCIES)[:10],
]  # fmt: skip


def spans(match) -> tuple | None:
    return match and (match.span(), match.group("agency"))


def test_the_shortcut_finds_what_the_signature_pattern_finds():
    rng = random.Random(4)
    found = 0
    for _ in range(30000):
        text = "".join(
            rng.choice(PIECES) + rng.choice(["", "", " ", "\n"]) for _ in range(rng.randint(0, 12))
        )
        expected = clean._SIGNATURE.search(text)
        assert spans(clean._signature(text)) == spans(expected), repr(text)
        found += expected is not None
    assert found > 500


def test_signatures_are_still_split_off():
    assert split_dateline("Troops advanced. They held.\n\n-- AFP.  \n") == (
        "AFP",
        "Troops advanced. They held.",
    )
    assert split_dateline("Troops advanced. They held. Reuters") == (
        None,
        "Troops advanced. They held. Reuters",
    )
