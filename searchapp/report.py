"""One report as plain data for its page and the API: stored fields, the query's words marked in the
text, and each facet value with the evidence it was extracted from. No Flask here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice

from markupsafe import Markup, escape
from whoosh import highlight, query

from indexer.schema import (
    ACTORS,
    BODY,
    CITIES,
    EVIDENCE,
    GOVERNORATES,
    ID_FIELD,
    SOURCE,
    TEXT_FIELDS,
    TITLE,
    TOLL_RANGE,
    YEAR,
    split_list,
)
from searchapp.facets import value_label
from searchapp.facts import ReportFacts, read_facts
from searchapp.highlight import MarkFormatter, paragraphs
from searchapp.params import SearchRequest
from searchapp.queries import parse_user_query
from searchapp.urls import search_url


@dataclass(frozen=True)
class FacetLink:
    """A facet value on the report page: a link to the search filtered by it, and why."""

    name: str
    label: str
    search_url: str
    evidence: str | None


@dataclass
class ReportView:
    facts: ReportFacts
    title_html: Markup
    body: str
    paragraphs: list[Markup]
    evidence: dict
    links: list[FacetLink] = field(default_factory=list)


# A prefix or fuzzy query can stand for thousands of words; marking the first ones is enough.
MAX_EXPANDED_TERMS = 200


def _wanted_leaves(q: query.Query):
    """The leaves of `q` outside any NOT: the words a match contains."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _wanted_leaves(q.a)
    elif q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _wanted_leaves(child)


def _query_terms(q: str, reader) -> set[str]:
    """The indexed words the query stands for (wildcards and fuzzy terms expanded)."""
    words: set[str] = set()
    for leaf in _wanted_leaves(parse_user_query(q).query):
        if leaf.field() not in TEXT_FIELDS:
            continue
        if isinstance(leaf, query.MultiTerm):
            texts = islice(leaf._btexts(reader), MAX_EXPANDED_TERMS)
            words.update(t.decode("utf-8") if isinstance(t, bytes) else t for t in texts)
        else:
            words.update(text for _, text in leaf.iter_all_terms(phrases=True))
    return words


def _marked(text: str, terms: set[str], analyzer) -> str:
    if not terms:
        return str(escape(text))
    marked = highlight.highlight(
        text, frozenset(terms), analyzer, highlight.WholeFragmenter(charlimit=None), MarkFormatter()
    )
    return marked or str(escape(text))


def _link(name: str, value: str, label: str, evidence: str | None = None) -> FacetLink:
    url = search_url(SearchRequest(filters={name: (value,)}))
    return FacetLink(name=name, label=label, search_url=url, evidence=evidence)


def _links(fields: dict, evidence: dict) -> list[FacetLink]:
    """Every facet value of the report as a link to the search filtered by it."""

    def why(kind: str, value) -> str | None:
        for item in evidence.get(kind) or []:
            if item.get("value") == value:
                return item.get("text")
        return None

    links = [_link("city", c, c, why("cities", c)) for c in split_list(fields.get(CITIES))]
    links += [_link("governorate", g, g) for g in split_list(fields.get(GOVERNORATES))]
    links += [_link("actor", a, a, why("actors", a)) for a in split_list(fields.get(ACTORS))]
    toll = fields.get(TOLL_RANGE)
    if toll:
        links.append(_link("toll_range", toll, value_label("toll_range", toll)))
    year = fields.get(YEAR)
    if year:
        links.append(_link("year", year, value_label("year", year)))
    if fields.get(SOURCE):
        links.append(_link("source", fields[SOURCE], fields[SOURCE]))
    return links


def load_report(searcher, report_id: str, q: str = "") -> ReportView | None:
    """The report with id `report_id`, its text marked with the words of `q`; None if unknown."""
    fields = searcher.document(**{ID_FIELD: report_id})
    if fields is None:
        return None
    terms = _query_terms(q, searcher.reader()) if q.strip() else set()
    analyzer = searcher.schema[BODY].analyzer
    title, body = fields.get(TITLE, ""), fields.get(BODY, "")
    try:
        evidence = json.loads(fields.get(EVIDENCE) or "{}")
    except ValueError:
        evidence = {}
    return ReportView(
        facts=read_facts(fields),
        title_html=Markup(_marked(title, terms, analyzer)),
        body=body,
        paragraphs=paragraphs(_marked(body, terms, analyzer)),
        evidence=evidence,
        links=_links(fields, evidence),
    )
