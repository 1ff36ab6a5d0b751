"""The query benchmark's mix: realistic search requests drawn from an index's own words and facets.

Deterministic for a seed and an index. Each request is the query-string arguments the search page
would send. Reads the index, never writes it; knows nothing of timing or of SQLite.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from whoosh.analysis import STOP_WORDS

from indexer.schema import BODY, FACETS, MONTH

# Kinds, in the order the tables print them.
KINDS = (
    "common",  # one word found in at least one report in ten
    "mid",  # one word of middling frequency
    "rare",  # one word found in at most RARE_DF reports
    "two_words",  # two words, implicitly AND'ed
    "phrase",  # a quoted 2- or 3-word phrase taken from a report
    "boolean",  # a AND b, a OR b, a NOT b, (a OR b) AND c
    "filtered",  # a word with 1-3 facet values and sometimes a date range
    "filters_only",  # no words: facet values and/or a date range
    "deep_page",  # a frequent word, page 20-100
    "sorted",  # a word, newest first or highest toll first
)
RARE_DF = 20
# A common word is in at least this share of the reports. (A share of the vocabulary would not
# do: at 1M reports the long tail of names makes the top 1 % of words reach down to rare ones.)
COMMON_SHARE = 0.1
DEEP_PAGES = (20, 100)
PER_PAGE = 10
_WORD = re.compile(r"^[a-z]{3,}$")
# Adjacent words of a body, with nothing but spaces between them.
_RUN = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z]{3,})+")
# Facets that are only filtered through the date range (the year facet stays a facet).
_NOT_PICKED = {MONTH}


@dataclass(frozen=True)
class MixRequest:
    kind: str
    args: tuple[tuple[str, str], ...]  # query-string pairs, repeated keys allowed

    def label(self) -> str:
        return "&".join(f"{k}={v}" for k, v in self.args)


def _deepest(df: int) -> int:
    # Deleted reports still count in the frequency: keep a margin so the page is not empty.
    return max(1, min(DEEP_PAGES[1], int(df * 0.9) // PER_PAGE))


class _Words:
    """Words drawn once each: no two requests share a stem, so each request is first seen cold."""

    def __init__(self, reader, rng: random.Random):
        spell = reader.schema[BODY].spelling_fieldname(BODY)
        self.analyzer = reader.schema[BODY].analyzer
        ranked = sorted(
            (
                (int(reader.frequency(spell, w)), w)
                for w in reader.field_terms(spell)
                if _WORD.match(w) and w not in STOP_WORDS
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        floor = max(1, int(reader.doc_count() * COMMON_SHARE))
        self.df = {w: df for df, w in ranked}
        self.common = [w for df, w in ranked if df >= floor]
        # (A tiny index has few words above RARE_DF * 5: then the lower half below common.)
        self.mid = [w for df, w in ranked if min(RARE_DF * 5, floor // 2) < df < floor]
        self.rare = [w for df, w in ranked if df <= RARE_DF]
        # Frequent enough for page 20 at least.
        self.deep = [w for df, w in ranked if _deepest(df) >= DEEP_PAGES[0]]
        self.rng = rng
        self.stems: set[str] = set()
        self._order: dict[int, list[str]] = {}  # per pool: its words in a seeded random order

    def stems_of(self, text: str) -> set[str]:
        return {token.text for token in self.analyzer(text)}

    def fresh(self, text: str) -> bool:
        return not (self.stems_of(text) & self.stems)

    def claim(self, text: str) -> None:
        self.stems |= self.stems_of(text)

    def take(self, *pools: list[str]) -> str:
        """An unused word from the first pool with one left (pools are tried in order)."""
        for pool in pools:
            key = id(pool)
            if key not in self._order:
                self._order[key] = self.rng.sample(pool, len(pool))
            order = self._order[key]
            while order:
                word = order.pop()
                if self.fresh(word):
                    self.claim(word)
                    return word
        raise ValueError("the index's vocabulary is too small for this mix; use fewer requests")


def _phrases(searcher, rng: random.Random, words: _Words, count: int) -> list[str]:
    """Quoted phrases of 2 and 3 adjacent words from the bodies of randomly chosen reports."""
    reader = searcher.reader()
    live = [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
    found: list[str] = []
    for _attempt in range(count * 50):
        if len(found) == count:
            break
        body = searcher.stored_fields(rng.choice(live)).get(BODY, "")
        runs = [run.lower().split() for run in _RUN.findall(body)]
        length = 2 + len(found) % 2
        runs = [r for r in runs if len(r) >= length]
        if not runs:
            continue
        run = rng.choice(runs)
        start = rng.randrange(len(run) - length + 1)
        phrase = run[start : start + length]
        if any(w in STOP_WORDS for w in phrase) or not words.fresh(" ".join(phrase)):
            continue
        words.claim(" ".join(phrase))
        found.append('"' + " ".join(phrase) + '"')
    return found


def _facet_values(reader) -> dict[str, list[tuple[str, int]]]:
    """Per facet: (value, number of reports) for every value in the index."""
    values = {}
    for name, fieldname in FACETS.items():
        if fieldname in _NOT_PICKED:
            continue
        values[name] = [
            (value, reader.doc_frequency(fieldname, value))
            for value in reader.field_terms(fieldname)
        ]
    return values


def _pick_filters(rng: random.Random, values: dict, months: list[str]) -> list[tuple[str, str]]:
    """1-3 facet values (a value drawn by how many reports hold it; sometimes excluded) and,
    one time in three, a date range."""
    args: list[tuple[str, str]] = []
    names = sorted(values)
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(names)
        pairs = values[name]
        value = rng.choices([v for v, _ in pairs], weights=[df for _, df in pairs])[0]
        if (name, value) in args or (name, "-" + value) in args:
            continue
        args.append((name, "-" + value if rng.random() < 0.15 else value))
    if months and rng.random() < 1 / 3:
        first, last = sorted(rng.sample(months, 2)) if len(months) > 1 else (months[0],) * 2
        args += [("from", f"{first}-01"), ("to", f"{last}-28")]
    return args


def build_mix(searcher, per_kind: int = 24, seed: int = 1) -> list[MixRequest]:
    """`per_kind` requests of every kind in KINDS, interleaved, the same for the same index and
    seed."""
    rng = random.Random(seed)
    reader = searcher.reader()
    words = _Words(reader, rng)
    values = _facet_values(reader)
    months = sorted(reader.field_terms(MONTH))
    by_kind: dict[str, list[MixRequest]] = {kind: [] for kind in KINDS}

    def add(kind: str, *args: tuple[str, str]) -> None:
        by_kind[kind].append(MixRequest(kind, tuple(args)))

    phrases = _phrases(searcher, rng, words, per_kind)
    for i in range(per_kind):
        add("common", ("q", words.take(words.common, words.deep)))
        add("mid", ("q", words.take(words.mid)))
        add("rare", ("q", words.take(words.rare)))
        add("two_words", ("q", f"{words.take(words.mid)} {words.take(words.mid)}"))
        if i < len(phrases):
            add("phrase", ("q", phrases[i]))
        a, b = words.take(words.mid, words.common), words.take(words.mid, words.common)
        shape = (
            f"{a} AND {b}",
            f"{a} OR {b}",
            f"{a} NOT {b}",
            f"({a} OR {b}) AND {words.take(words.mid)}",
        )[i % 4]
        add("boolean", ("q", shape))
        add(
            "filtered",
            ("q", words.take(words.mid, words.common)),
            *_pick_filters(rng, values, months),
        )
        add("filters_only", *_pick_filters(rng, values, months))
        # A small index has no word for page 20: then the deepest page its commonest words reach.
        deep = words.take(words.deep, words.common)
        deepest = _deepest(words.df[deep])
        page = rng.randint(min(DEEP_PAGES[0], deepest), deepest)
        add("deep_page", ("q", deep), ("page", str(page)))
        add("sorted", ("q", words.take(words.mid)), ("sort", rng.choice(("newest", "toll"))))
    # Interleave the kinds so load on the machine falls evenly on all of them.
    mix = [request for group in zip(*by_kind.values(), strict=False) for request in group]
    shortest = len(mix) // len(KINDS)
    return mix + [r for kind in KINDS for r in by_kind[kind][shortest:]]
