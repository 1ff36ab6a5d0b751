"""One report as plain data for its page and the API: stored fields, the query's words and the
facet values' evidence marked in the text, and similar reports. No Flask here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice

from markupsafe import Markup
from whoosh import query

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
from searchapp.evidence_marks import (
    KIND_LABELS,
    EvidenceItem,
    evidence_items,
    matched_ranges,
    place_evidence,
    render,
)
from searchapp.facets import value_label
from searchapp.facts import ReportFacts, read_facts
from searchapp.highlight import Wanted
from searchapp.params import SearchRequest
from searchapp.queries import parse_user_query
from searchapp.similar import similar_reports
from searchapp.urls import search_url


@dataclass(frozen=True)
class FacetLink:
    """A facet value on the report page: a link to the search filtered by it, and why: the
    sentence it was read from and, when that sentence is in the text, a link to it."""

    name: str
    label: str
    search_url: str
    evidence: str | None
    evidence_href: str | None = None


@dataclass(frozen=True)
class Why:
    """Where a fact came from: the sentence (or metadata field), and its anchor in the text."""

    text: str
    href: str | None


@dataclass
class ReportView:
    facts: ReportFacts
    title_html: Markup
    body: str
    paragraphs: list[Markup]
    evidence: dict
    links: list[FacetLink] = field(default_factory=list)
    # "date", "toll", "perpetrator", "source" -> where that fact came from.
    why: dict[str, Why] = field(default_factory=dict)
    # The kinds of evidence marked in the text, (kind, label), for the legend.
    evidence_kinds: list[tuple[str, str]] = field(default_factory=list)
    # The number of marked words in the text (m1..mN); None when there was no query.
    matches: int | None = None
    similar: list[ReportFacts] = field(default_factory=list)

    @property
    def match_links(self) -> dict[str, str]:
        """The match navigation's anchors as they stand at the first match, where the page opens
        (previous wraps round to the last): what the links do without JavaScript."""
        count = self.matches or 0
        return {"first": "#m1", "previous": f"#m{max(count, 1)}", "next": f"#m{min(2, count) or 1}"}


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


def _query_terms(q: str, reader) -> Wanted:
    """What the query marks in a report: the indexed words it stands for (wildcards and fuzzy
    terms expanded), and its exact phrases as runs of words."""
    words: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for leaf in _wanted_leaves(parse_user_query(q).query):
        if leaf.field() not in TEXT_FIELDS:
            continue
        if isinstance(leaf, query.Phrase) and leaf.slop == 1 and leaf.words:
            phrases.add(tuple(leaf.words))
        elif isinstance(leaf, query.MultiTerm):
            texts = islice(leaf._btexts(reader), MAX_EXPANDED_TERMS)
            words.update(t.decode("utf-8") if isinstance(t, bytes) else t for t in texts)
        else:
            words.update(text for _, text in leaf.iter_all_terms(phrases=True))
    return Wanted(frozenset(words), frozenset(phrases))


def _link(
    name: str,
    value: str,
    label: str,
    why: EvidenceItem | None = None,
    placed: set[str] = frozenset(),
) -> FacetLink:
    url = search_url(SearchRequest(filters={name: (value,)}))
    href = f"#{why.anchor}" if why and why.anchor in placed else None
    return FacetLink(
        name=name,
        label=label,
        search_url=url,
        evidence=why.text if why else None,
        evidence_href=href,
    )


def _links(fields: dict, items: list[EvidenceItem], placed: set[str]) -> list[FacetLink]:
    """Every facet value of the report as a link to the search filtered by it."""

    def why(kind: str, value: str | None = None) -> EvidenceItem | None:
        return next((i for i in items if i.kind == kind and value in (None, i.value)), None)

    cities = split_list(fields.get(CITIES))
    links = [_link("city", c, c, why("city", c), placed) for c in cities]
    links += [_link("governorate", g, g) for g in split_list(fields.get(GOVERNORATES))]
    actors = split_list(fields.get(ACTORS))
    links += [_link("actor", a, a, why("actor", a), placed) for a in actors]
    toll = fields.get(TOLL_RANGE)
    if toll:
        label = value_label("toll_range", toll)
        links.append(_link("toll_range", toll, label, why("toll"), placed))
    year = fields.get(YEAR)
    if year:
        links.append(_link("year", year, value_label("year", year), why("date"), placed))
    if fields.get(SOURCE):
        links.append(_link("source", fields[SOURCE], fields[SOURCE]))
    return links


def _whys(evidence: dict, items: list[EvidenceItem], placed: set[str]) -> dict[str, Why]:
    """The facts list's "why?": date, toll and who is held responsible, linked when in the text."""
    whys = {
        item.kind: Why(item.text, f"#{item.anchor}" if item.anchor in placed else None)
        for item in items
        if item.kind in ("date", "toll", "perpetrator")
    }
    source = evidence.get("source")
    if isinstance(source, dict) and source.get("text"):
        whys["source"] = Why(source["text"], None)
    return whys


def _evidence(fields: dict) -> dict:
    try:
        evidence = json.loads(fields.get(EVIDENCE) or "{}")
    except ValueError:
        return {}
    return evidence if isinstance(evidence, dict) else {}


def load_report(searcher, report_id: str, q: str = "") -> ReportView | None:
    """The report with id `report_id`, its text marked with the words of `q` and with the evidence
    of its facet values, and the reports most like it; None if unknown."""
    docnum = searcher.document_number(**{ID_FIELD: report_id})
    if docnum is None:
        return None
    fields = searcher.stored_fields(docnum)
    terms = _query_terms(q, searcher.reader()) if q.strip() else Wanted()
    title, body = fields.get(TITLE, ""), fields.get(BODY, "")
    evidence = _evidence(fields)
    items = evidence_items(evidence)
    in_title, in_body = place_evidence(title, body, items)
    placed = {p.item.anchor for p in in_title + in_body}
    body_marks = matched_ranges(body, terms, searcher.schema[BODY].analyzer)
    title_marks = matched_ranges(title, terms, searcher.schema[TITLE].analyzer)
    kinds = {p.item.kind for p in in_title + in_body}
    return ReportView(
        facts=read_facts(fields),
        title_html=Markup(" ").join(render(title, title_marks, in_title, number_marks=False)),
        body=body,
        paragraphs=render(body, body_marks, in_body, number_marks=True),
        evidence=evidence,
        links=_links(fields, items, placed),
        why=_whys(evidence, items, placed),
        evidence_kinds=[(k, label) for k, label in KIND_LABELS.items() if k in kinds],
        matches=len(body_marks) if q.strip() else None,
        similar=similar_reports(searcher, docnum, fields),
    )
