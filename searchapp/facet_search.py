"""Searching one facet's values: "which actors mention 'brigade'?", over every value, not just the
top ten shown. Counts are the facet's own disjunctive counts. No Flask here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from indexer.schema import FACETS
from searchapp.facets import Facet, FacetValue, build_facet, value_label
from searchapp.match_sets import Engine
from searchapp.params import SearchRequest
from searchapp.search import bounded_query

# A filter box lists this many values at most; the rest are counted and the user types more.
MAX_FACET_MATCHES = 100
MAX_FACET_QUERY = 100


@dataclass(frozen=True)
class FacetSearch:
    facet: Facet
    fq: str
    # How many values matched in all; `facet.values` holds at most MAX_FACET_MATCHES of them.
    matched: int

    @property
    def values(self) -> list[FacetValue]:
        return self.facet.values


def folded(text: str) -> str:
    """Lower case without accents, so "homs" finds "Ḥomṣ" and "deir" finds "Deir ez-Zor"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rank(label: str, wanted: str) -> tuple[int, int] | None:
    """0 when the label starts with `wanted`, 1 when a word does, 2 when it is inside; else None."""
    text = folded(label)
    if not wanted:
        return (0, 0)
    at = text.find(wanted)
    if at < 0:
        return None
    if at == 0:
        return (0, 0)
    return (1, at) if not text[at - 1].isalnum() else (2, at)


def search_facet(request: SearchRequest, name: str, fq: str, engine: Engine) -> FacetSearch:
    """The values of facet `name` whose label contains `fq`, with their counts for `request`."""
    wanted = folded(" ".join(fq.split()))[:MAX_FACET_QUERY]
    words = engine.words(bounded_query(request.q, engine.searcher.reader())[0])
    matched = words.mask & engine.filters(request, without=(name,))
    ranked = []
    for value, count in engine.arrays.field(FACETS[name]).counts(matched).items():
        label = value_label(name, value)
        rank = _rank(label, wanted)
        if rank is not None:
            ranked.append((rank[0], -count, label.casefold(), value, count))
    ranked.sort()
    kept = {value: count for *_, value, count in ranked[:MAX_FACET_MATCHES]}
    facet = build_facet(request, name, kept, keep_chosen=False)
    order = {value: i for i, (*_, value, _count) in enumerate(ranked)}
    facet = Facet(facet.name, facet.label, sorted(facet.values, key=lambda v: order[v.value]))
    return FacetSearch(facet=facet, fq=fq, matched=len(ranked))
