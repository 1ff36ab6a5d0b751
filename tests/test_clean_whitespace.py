"""normalise_whitespace skips the steps a quick check shows have nothing to do: on any text it
must give what the plain sequence of substitutions gives."""

from __future__ import annotations

import random
import re

from indexer.clean import normalise_whitespace

# The rule as written down: line breaks to \n, zero-width characters and controls out, odd spaces
# and tabs to plain spaces, single spaces, no spaces at line ends, at most one blank line.
_RULES = [
    (re.compile("\r\n|\r|\u2028"), "\n"),
    (re.compile("\u2029"), "\n\n"),
    (re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]"), ""),
    (re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"), ""),
    (re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"), " "),
    (re.compile(" {2,}"), " "),
    (re.compile(" +\n|\n +"), "\n"),
]


def by_the_rules(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


PIECES = [
    "word", "Aleppo", " ", "  ", "\t", "\n", "\n\n\n", "\r\n", "\r", "\u2028", "\u2029",
    "\u00a0", "\u200b", "\u00ad", "\ufeff", "\x07", "\x0b", "\x85", "\u3000", "é", "قصف", ".",
]  # fmt: skip


def test_normalising_equals_the_plain_rules_on_random_text():
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 30)))
        assert normalise_whitespace(text) == by_the_rules(text), repr(text)


def test_ascii_text_keeps_its_words_and_loses_its_odd_spacing():
    text = " Shelling\tin  Homs \n\n\n\nkilled\x07 12 . \r\n"
    assert normalise_whitespace(text) == "Shelling in Homs\n\nkilled 12 ."
