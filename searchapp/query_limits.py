"""Bounding what one query may cost: wildcard, prefix, fuzzy and range terms become an OR of at
most a fixed number of real words, found by a scan of the word list that is itself capped.

Reads the index (never writes it); knows nothing of Flask, requests or markup.
"""

from __future__ import annotations

import copy
import fnmatch
import re
from dataclasses import dataclass

from whoosh import query

from indexer.schema import TEXT_FIELDS

# At most this many words stand for one wildcard, prefix, fuzzy or range term (per field).
MAX_EXPANSION = 100
# Word-list entries examined for all the query's patterns together. A leading wildcard (`*a*`)
# walks the whole word list of a field, about 0.5 s per 55,000 entries on a laptop core.
MAX_SCAN = 100_000
# The chosen words' postings (reports each word is in, summed) for the whole query: reading
# postings is what a very common expansion costs, whatever the number of words.
MAX_EXPANDED_POSTINGS = 1_000_000
# Edits a fuzzy term may allow, the letters it must share at the start, and the longest word
# that is matched fuzzily: beyond these Whoosh's automaton walks most of the word list.
MAX_FUZZY_EDITS = 2
MIN_FUZZY_PREFIX = 1
MAX_FUZZY_LENGTH = 40


@dataclass
class _Budget:
    """What is left for the rest of the query, shared out fairly among its expanding terms."""

    nodes: int
    scan: int
    postings: int

    def share(self) -> tuple[int, int]:
        nodes = max(self.nodes, 1)
        return self.scan // nodes, self.postings // nodes

    def spend(self, scanned: int, postings: int) -> None:
        self.nodes -= 1
        self.scan = max(self.scan - scanned, 0)
        self.postings = max(self.postings - postings, 0)


@dataclass
class _Expansion:
    """The words one term stands for in one field, with how many reports each is in."""

    frequencies: dict[bytes, int]
    scanned: int
    # False when the scan budget ran out before the word list was walked to its end.
    complete: bool = True


def tamed_fuzzy(node: query.FuzzyTerm) -> query.Query:
    """A fuzzy term within the limits: at most MAX_FUZZY_EDITS edits, the first MIN_FUZZY_PREFIX
    letters kept, and a plain word when it is longer than MAX_FUZZY_LENGTH."""
    if len(node.text) > MAX_FUZZY_LENGTH:
        return query.Term(node.fieldname, node.text, boost=node.boost)
    if node.maxdist <= MAX_FUZZY_EDITS and node.prefixlength >= MIN_FUZZY_PREFIX:
        return node
    tamed = copy.copy(node)
    tamed.maxdist = min(node.maxdist, MAX_FUZZY_EDITS)
    tamed.prefixlength = max(node.prefixlength, MIN_FUZZY_PREFIX)
    return tamed


def tamed(q: query.Query) -> query.Query:
    """`q` with the rewrites that need no index: fuzzy terms held to the limits above, and `*` in
    the headline or text (Every) made every report. Every report has both, so that is the same
    set, found for nothing, where Whoosh would read the postings of every word in the field."""
    if isinstance(q, query.FuzzyTerm):
        return tamed_fuzzy(q)
    if isinstance(q, query.Every) and q.fieldname in TEXT_FIELDS:
        return query.Every(boost=q.boost)
    return q if q.is_leaf() else q.apply(tamed)


def _literal_prefix(node: query.PatternQuery) -> str:
    """The letters every match starts with: those before the first special character."""
    if isinstance(node, query.Prefix):
        return node.text
    if isinstance(node, query.Regex):
        # An alternation or an optional first letter leaves no safe prefix; the whole list is read.
        return ""
    for at, char in enumerate(node.text):
        if char in "*?[":
            return node.text[:at]
    return node.text


def _pattern(node: query.PatternQuery) -> re.Pattern | None:
    if isinstance(node, query.Prefix):
        return None
    try:
        source = node.text if isinstance(node, query.Regex) else fnmatch.translate(node.text)
        return re.compile(source)
    except re.error:
        return re.compile(r"(?!)")  # a regular expression that cannot compile matches nothing


def _scan_pattern(node: query.PatternQuery, reader, scan: int) -> _Expansion:
    """Walk each segment's words under the literal prefix, at most `scan` of them in all."""
    field = reader.schema[node.fieldname]
    prefix, pattern = _literal_prefix(node), _pattern(node)
    found: dict[bytes, int] = {}
    scanned = 0
    for leaf, _base in reader.leaf_readers():
        if node.fieldname not in leaf.indexed_field_names():
            continue
        for btext, info in leaf.iter_prefix(node.fieldname, prefix):
            if scanned >= scan:
                return _Expansion(found, scanned, complete=False)
            scanned += 1
            if pattern is not None:
                text = field.from_bytes(btext)
                if not isinstance(text, str) or not pattern.match(text):
                    continue
            found[btext] = found.get(btext, 0) + info.doc_frequency()
    return _Expansion(found, scanned)


def _scan_expanding(node: query.MultiTerm, reader, scan: int) -> _Expansion:
    """Fuzzy terms, ranges and other expanding terms: the words Whoosh yields, at most `scan`."""
    field = reader.schema[node.fieldname]
    found: dict[bytes, int] = {}
    scanned = 0
    for leaf, _base in reader.leaf_readers():
        if node.fieldname not in leaf.indexed_field_names():
            continue
        for word in node._btexts(leaf):
            # Fuzzy terms yield text where the others yield bytes.
            btext = field.to_bytes(word) if isinstance(word, str) else word
            if scanned >= scan:
                return _Expansion(found, scanned, complete=False)
            scanned += 1
            found[btext] = found.get(btext, 0) + leaf.doc_frequency(node.fieldname, btext)
    return _Expansion(found, scanned)


def _most_frequent(frequencies: dict[bytes, int], max_terms: int, postings: int) -> list[bytes]:
    """The most frequent words, at most `max_terms`, while their postings fit in `postings` (the
    first always does, as it would typed on its own)."""
    chosen: list[bytes] = []
    spent = 0
    for btext, count in sorted(frequencies.items(), key=lambda item: (-item[1], item[0])):
        if len(chosen) == max_terms or (chosen and spent + count > postings):
            break
        chosen.append(btext)
        spent += count
    return chosen


def _shown(node: query.Query) -> str:
    """The term as the user wrote it, for the notice."""
    if isinstance(node, query.Prefix):
        return f"{node.text}*"
    if isinstance(node, query.FuzzyTerm):
        return f"{node.text}~" + (str(node.maxdist) if node.maxdist > 1 else "")
    if isinstance(node, query.TermRange):
        return f"[{node.start or ''} TO {node.end or ''}]"
    return str(getattr(node, "text", node))


@dataclass
class _Cut:
    matches: set[bytes]
    searched: int
    complete: bool = True


def _expand(node: query.MultiTerm, reader, max_terms: int, budget: _Budget, cuts: dict):
    scan, postings = budget.share()
    if isinstance(node, query.PatternQuery):
        expansion = _scan_pattern(node, reader, scan)
    else:
        expansion = _scan_expanding(node, reader, scan)
    chosen = _most_frequent(expansion.frequencies, max_terms, postings)
    budget.spend(expansion.scanned, sum(expansion.frequencies[b] for b in chosen))
    if len(chosen) < len(expansion.frequencies) or not expansion.complete:
        cut = cuts.setdefault(_shown(node), _Cut(set(), 0))
        cut.matches.update(expansion.frequencies)
        cut.searched = max(cut.searched, len(chosen))
        cut.complete = cut.complete and expansion.complete
    field = reader.schema[node.fieldname]
    terms = [query.Term(node.fieldname, field.from_bytes(b), boost=node.boost) for b in chosen]
    if not terms:
        return query.NullQuery
    return terms[0] if len(terms) == 1 else query.Or(terms)


def _expanding_nodes(q: query.Query) -> int:
    if isinstance(q, query.MultiTerm):
        return 1
    return sum(_expanding_nodes(child) for child in q.children())


# The notice names this many cut terms; the others are counted.
NOTICE_TERMS = 3


def _most(searched: int) -> str:
    return "the most frequent" if searched == 1 else f"the {searched:,} most frequent"


def _notice(cuts: dict[str, _Cut]) -> str | None:
    parts = []
    for shown, cut in list(cuts.items())[:NOTICE_TERMS]:
        if cut.complete:
            parts.append(
                f"`{shown}` matches {len(cut.matches):,} words; searched {_most(cut.searched)}"
            )
        else:
            parts.append(
                f"`{shown}` matches too many words to look through; searched "
                f"{_most(cut.searched)} of the first {len(cut.matches):,} found"
            )
    more = len(cuts) - NOTICE_TERMS
    if more > 0:
        parts.append(f"{more} more {'term was' if more == 1 else 'terms were'} cut likewise")
    return "; ".join(parts) + "." if parts else None


def bounded(
    q: query.Query,
    reader,
    max_terms: int = MAX_EXPANSION,
    *,
    max_scan: int = MAX_SCAN,
    max_postings: int = MAX_EXPANDED_POSTINGS,
) -> tuple[query.Query, str | None]:
    """`q` with each wildcard, prefix, fuzzy, regex and range term replaced by an OR of at most
    `max_terms` of the words it stands for in `reader` (the most frequent ones), and a notice
    saying what was cut, or None when nothing was.

    Looking for the words reads at most `max_scan` word-list entries for the whole query, and the
    words kept hold at most `max_postings` postings in all (but each term keeps its most frequent
    word); both budgets are shared fairly among the query's expanding terms. A term with no word
    in the index becomes NullQuery, and `*` in the headline or text (Every) every report.
    """

    def rewrite(node: query.Query) -> query.Query:
        if not isinstance(node, query.MultiTerm):
            return node if node.is_leaf() else node.apply(rewrite)
        if node.fieldname not in reader.schema:
            budget.spend(0, 0)
            return query.NullQuery
        return _expand(node, reader, max_terms, budget, cuts)

    q = tamed(q)
    budget = _Budget(_expanding_nodes(q), max_scan, max_postings)
    cuts: dict[str, _Cut] = {}
    return rewrite(q), _notice(cuts)
