"""The headline's and body's analysis for the writers, in one loop instead of Whoosh's chain.

Whoosh analyses a text field through a chain of generators (tokenizer, lower case, stop words,
stemming, accent folding), each handling a shared Token object one word at a time, and then
runs the chain again without stemming for the spelling words. That was about 30 % of all the
CPU of a full run. `FastTextField` gives exactly what the field's own `index()` and
`spellable_words()` give, for the one chain the schema builds (indexer.schema._text_analyzer),
with a plain loop and a cache of each word's analysed form. Any other analyzer, or any value
that is not a plain string, goes to Whoosh. Tests hold the two equal on real and generated
reports. No I/O; the index's schema (and what it pickles) is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import sub
from pickle import dumps

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.formats import Positions
from whoosh.system import pack_uint

# Words kept analysed, per field: a report's vocabulary repeats, an archive's grows slowly.
CACHE_WORDS = 200_000
_CHAIN = (RegexTokenizer, LowercaseFilter, StopFilter, StemFilter, CharsetFilter)


def fast_field(field, spelling_counted: bool = False) -> FastTextField | None:
    """A stand-in for `field` in add_document, or None when its analysis is not the known
    chain (then Whoosh's own is used). With `spelling_counted`, add_document leaves the spelling
    words to the caller (see FastTextField.separate_spelling)."""
    analyzer = getattr(field, "analyzer", None)
    if (
        type(analyzer) is not CompositeAnalyzer
        or tuple(type(item) for item in analyzer.items) != _CHAIN
        or type(field.format) is not Positions
        or field.vector
    ):
        return None
    tokenizer, _, stops, stemmer, charset = analyzer.items
    if tokenizer.gaps or not stops.renumber or stops.max is not None or stemmer.ignore:
        return None
    return FastTextField(field, spelling_counted)


class FastTextField:
    """The field itself for everything but `index()`, `spellable_words()` and, when the writer
    counts the spelling words itself, `separate_spelling()`."""

    def __init__(self, field, spelling_counted: bool = False):
        self._field = field
        self.spelling_counted = spelling_counted
        tokenizer, _, stops, stemmer, charset = field.analyzer.items
        self._words = tokenizer.expression.finditer
        self._findall = _plain_findall(tokenizer.expression)
        self._stops, self._minsize = stops.stops, stops.min
        self._stem, self._charmap = stemmer._stem, charset.charmap
        self._boost = field.format.field_boost
        self._indexed: dict[str, bytes] = {}  # lower-cased word -> stemmed, folded, UTF-8
        self._spelled: dict[str, str] = {}  # lower-cased word -> folded
        self._last: tuple[str, set[str], bool] | None = None  # see _index
        # Whether the folding leaves lower-case ASCII as it is (accent_map does): then an ASCII
        # text's spelling words are its words as they are.
        ascii_lower = "".join(map(chr, range(128))).lower()
        self._ascii_unfolded = ascii_lower.translate(self._charmap) == ascii_lower

    def __getattr__(self, name):
        return getattr(self._field, name)

    def index(self, value, **kwargs) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(word, frequency, weight, encoded positions) per distinct word, as the field's
        `index()` gives them."""
        if kwargs or not isinstance(value, str):
            return self._field.index(value, **kwargs)
        return self._index(value)

    def _index(self, value: str) -> Iterator[tuple[bytes, int, float, bytes]]:
        stops, minsize = self._stops, self._minsize
        ascii = self._findall is not None and value.isascii()
        if ascii:
            # ASCII: lower-casing the whole text first gives the same words, found in C.
            texts = self._findall(value.lower())
        else:
            texts = [match.group(0).lower() for match in self._words(value)]
        kept_texts = [text for text in texts if len(text) >= minsize and text not in stops]
        kept = set(kept_texts)  # the words kept, lower-cased: the spelling words, once folded
        # The value analysed last, and its words: spelling_set need not split it again (nor fold
        # them, if they are ASCII and folding leaves ASCII alone).
        self._last = (value, kept, ascii and self._ascii_unfolded)
        if not kept_texts:
            return
        # Stop words are renumbered away: the first word kept keeps its place, each following
        # one comes right after it.
        first = next(
            n for n, text in enumerate(texts) if len(text) >= minsize and text not in stops
        )
        positions: dict[bytes, list[int]] = {}
        for position, word in enumerate(self._analysed(kept, kept_texts), first):
            found = positions.get(word)
            if found is None:
                positions[word] = [position]
            else:
                found.append(position)
        boost = self._boost
        for word, found in positions.items():
            yield word, len(found), float(len(found)) * boost, encode_positions(found)

    def _analysed(self, kept: set[str], texts: list[str]) -> list[bytes]:
        """Each of `texts` stemmed, folded and encoded, from the cache (filled with the words
        it lacks; cleared when they would take it past CACHE_WORDS)."""
        indexed = self._indexed
        missing = kept.difference(indexed)
        if missing:
            if len(indexed) + len(missing) > CACHE_WORDS:
                indexed.clear()
                missing = kept
                if len(kept) > CACHE_WORDS:  # one text with more words than the cache holds
                    indexed = {}
            stem, charmap = self._stem, self._charmap
            for text in missing:
                indexed[text] = stem(text).translate(charmap).encode("utf-8")
        return list(map(indexed.__getitem__, texts))

    def separate_spelling(self) -> bool:
        """Whether add_document should add the spelling words: not when the writer counts them."""
        return not self.spelling_counted and self._field.separate_spelling()

    def spellable_words(self, value) -> Iterator[str]:
        """The distinct unstemmed words, sorted, as the field's `spellable_words()` gives them."""
        if not isinstance(value, str):
            return self._field.spellable_words(value)
        return iter(sorted(self.spelling_set(value)))

    def spelling_set(self, value: str) -> set[str]:
        """The distinct unstemmed words of a string (spellable_words, unsorted)."""
        last, self._last = self._last, None
        if last is not None and last[0] is value:  # just indexed: its words are known
            texts = last[1]
            if last[2]:  # and they are their own folded forms
                return texts
        else:
            stops, minsize = self._stops, self._minsize
            texts = set()
            for match in self._words(value):
                text = match.group(0).lower()
                if len(text) >= minsize and text not in stops:
                    texts.add(text)
        spelled = self._spelled
        words = set()
        for text in texts:
            word = spelled.get(text)
            if word is None:
                word = text.translate(self._charmap)
                if len(spelled) >= CACHE_WORDS:
                    spelled.clear()
                spelled[text] = word
            words.add(word)
        return words


def _plain_findall(expression: re.Pattern[str]):
    """`findall` giving whole words for the tokenizer's pattern (Whoosh's default one captures a
    group, so its own findall would give that group): None for a pattern not known here."""
    if expression.groups == 0:
        return expression.findall
    if expression.pattern == default_pattern.pattern and expression.flags == default_pattern.flags:
        return re.compile(r"[\w\*]+(?:\.?[\w\*]+)*", expression.flags).findall
    return None


# Encoded positions of a word found once, by position: most words of a report are.
_ONCE: dict[int, bytes] = {}
_ONCE_UP_TO = 100_000


def encode_positions(positions: list[int]) -> bytes:
    """What Whoosh's Positions format encodes for a list of positions (its count, then the
    pickle of the gaps), without its loop, and remembered for words found once."""
    count = len(positions)
    if count == 1:
        position = positions[0]
        found = _ONCE.get(position)
        if found is None:
            found = pack_uint(1) + dumps([position], 2)
            if position < _ONCE_UP_TO:
                _ONCE[position] = found
        return found
    gaps = [positions[0], *map(sub, positions[1:], positions)]  # each from the one before
    return (_COUNTS[count] if count < len(_COUNTS) else pack_uint(count)) + dumps(gaps, 2)


_COUNTS = [pack_uint(count) for count in range(1024)]


class FastSchema:
    """A schema as add_document reads it: the fast stand-ins for the text fields, the schema's
    own fields and answers for everything else. With `spelling_counted`, `spelled` holds the
    stand-ins whose spelling words the writer counts itself."""

    def __init__(self, schema, spelling_counted: bool = False):
        self._schema = schema
        self._fast = {}
        self.spelled: dict[str, FastTextField] = {}
        for name in schema.names():
            fast = fast_field(schema[name], spelling_counted)
            if fast is not None:
                self._fast[name] = fast
                if spelling_counted and fast._field.separate_spelling():
                    self.spelled[name] = fast

    def __getitem__(self, name):
        fast = self._fast.get(name)
        return fast if fast is not None else self._schema[name]

    def __contains__(self, name) -> bool:
        return name in self._schema

    def __iter__(self):
        return iter(self._schema)

    def __len__(self) -> int:
        return len(self._schema)

    def __getattr__(self, name):
        return getattr(self._schema, name)
