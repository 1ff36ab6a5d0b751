"""The numpy fast paths against a straightforward Whoosh evaluation of the same requests.

The index has several segments and deleted documents, so document numbers, offsets and the live
mask all matter. Every comparison is exact: same documents, same order, same counts, and scores
equal to Whoosh's within float rounding.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from werkzeug.datastructures import MultiDict
from whoosh import index

from indexer.schema import BODY, FACETS, ID_FIELD, MONTH, TITLE
from searchapp import ranking
from searchapp.facet_arrays import FacetArrays
from searchapp.params import parse_search_args
from searchapp.postings_arrays import field_lengths, live_mask, term_postings
from searchapp.queries import combine, filters_for, parse_user_query, sort_facet, sort_for
from searchapp.ranking import page_of
from searchapp.search import bounded_query, search
from searchapp.term_cache import TermCache
from searchapp.vector_eval import Evaluator, Unsupported
from tests.conftest import open_handle

WORDS = [
    "killed", "hospital", "aleppo", "shelling", "children", "market", "civilians", "rebels",
    "government", "airstrike", "idlib", "homs", "wounded", "bomb", "town", "nonexistentword",
]  # fmt: skip


@pytest.fixture()
def searcher(segmented_index):
    ix = index.open_dir(str(segmented_index))
    with ix.searcher() as opened:
        yield opened


def _queries() -> list[str]:
    rng = random.Random(7)
    texts = list(WORDS)
    for _ in range(40):
        a, b, c = rng.sample(WORDS, 3)
        texts += [
            f"{a} {b}",
            f"{a} OR {b}",
            f"{a} AND NOT {b}",
            f"{a} NOT {b}",
            f"({a} OR {b}) AND {c}",
            f"{a} ANDMAYBE {b}",
            f"title:{a} OR {b}",
        ]
    return sorted(set(texts))


def _evaluator(searcher) -> Evaluator:
    reader = searcher.reader()
    return Evaluator(searcher, TermCache(), live_mask(reader), lambda f: field_lengths(reader, f))


def test_posting_arrays_equal_whooshs_postings_for_every_term(searcher):
    reader = searcher.reader()
    live = live_mask(reader)
    assert live.sum() == searcher.doc_count()
    checked = 0
    for fieldname in (TITLE, BODY, *FACETS.values()):
        for text in reader.lexicon(fieldname):
            docs, weights = term_postings(reader, fieldname, text)
            expected = [(d, w) for d, w in reader.postings(fieldname, text).items_as("weight")]
            kept = live[docs]
            assert list(zip(docs[kept].tolist(), weights[kept].tolist(), strict=True)) == expected
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("cached", [False, True])
def test_occurrences_and_postings_read_together_equal_whooshs(searcher, cached):
    reader = searcher.reader()
    live = live_mask(reader)
    terms = TermCache()
    checked = 0
    for fieldname in (TITLE, BODY):
        for text in reader.lexicon(fieldname):
            if cached:  # the postings already decoded alone, then the positions
                terms.postings(reader, fieldname, text)
            segments = terms.occurrences(reader, fieldname, text)
            assert [offset for offset, _ in segments] == [o for _, o in reader.leaf_readers()]
            docs = np.concatenate([(keys >> 32) + offset for offset, keys in segments])
            positions = np.concatenate([keys & 0xFFFFFFFF for _, keys in segments])
            expected = [
                (docnum, position)
                for docnum, found in reader.postings(fieldname, text).items_as("positions")
                for position in found
            ]
            got = list(zip(docs.tolist(), positions.tolist(), strict=True))
            # Whoosh's own walk hides deleted documents; the phrase code drops those later.
            assert [pair for pair in got if live[pair[0]]] == expected
            # Read together with the positions, the postings are what reading them alone gives.
            alone, weights = term_postings(reader, fieldname, text)
            together, together_weights = terms.postings(reader, fieldname, text)
            assert together.tolist() == alone.tolist()
            assert together_weights.tolist() == weights.tolist()
            checked += 1
    assert checked > 500


def test_field_lengths_are_whooshs(searcher):
    reader = searcher.reader()
    lengths = field_lengths(reader, BODY)
    live = live_mask(reader)
    for docnum in np.flatnonzero(live):
        assert lengths[docnum] == (searcher.doc_field_length(int(docnum), BODY) or 0)


@pytest.mark.parametrize("text", _queries())
def test_matches_scores_and_ranking_equal_whooshs(searcher, text):
    q = parse_user_query(text).query
    try:
        match = _evaluator(searcher).evaluate(q)
    except Unsupported:
        pytest.fail(f"{text!r} should be evaluated with numpy")
    whoosh_hits = searcher.search(q, limit=None)
    expected = {hit.docnum: hit.score for hit in whoosh_hits}
    assert set(np.flatnonzero(match.mask).tolist()) == set(expected)
    for docnum, score in expected.items():
        assert match.scores[docnum] == pytest.approx(score, rel=1e-9)
    arrays = FacetArrays(searcher.reader())
    ranked = page_of(match.mask, match.scores, arrays, "relevance", 0, len(expected))
    assert ranked == [hit.docnum for hit in whoosh_hits]
    assert page_of(match.mask, match.scores, arrays, "relevance", 3, 8) == ranked[3:8]


def _phrases(searcher) -> list[str]:
    """Runs of 2-4 words from the stored reports, a few made-up ones, and phrases in booleans."""
    rng = random.Random(11)
    reader = searcher.reader()
    texts = ['"killed in aleppo"', '"the hospital"', '"killed killed"', '"aleppo nonexistentword"']
    for docnum in rng.sample(range(reader.doc_count_all()), 25):
        words = re.findall(r"[A-Za-z]+", reader.stored_fields(docnum).get(BODY) or "")
        for size in (2, 3, 4):
            if len(words) > size:
                start = rng.randrange(len(words) - size)
                texts.append('"' + " ".join(words[start : start + size]) + '"')
    texts += [f"{texts[4]} OR {texts[5]}", f"{texts[6]} killed", f"title:{texts[7]}"]
    return texts


def test_phrases_equal_whooshs_matches_scores_and_ranking(searcher):
    evaluator = _evaluator(searcher)
    arrays = FacetArrays(searcher.reader())
    matched = 0
    for text in _phrases(searcher):
        q = parse_user_query(text).query
        match = evaluator.evaluate(q)
        whoosh_hits = searcher.search(q, limit=None)
        expected = {hit.docnum: hit.score for hit in whoosh_hits}
        assert set(np.flatnonzero(match.mask).tolist()) == set(expected), text
        for docnum, score in expected.items():
            assert match.scores[docnum] == pytest.approx(score, rel=1e-9), text
        ranked = page_of(match.mask, match.scores, arrays, "relevance", 0, len(expected))
        assert ranked == [hit.docnum for hit in whoosh_hits], text
        matched += bool(expected)
    assert matched >= 60  # most runs taken from reports are found, so the check has teeth


def test_a_phrase_with_slop_is_left_to_whoosh(searcher):
    q = parse_user_query('"killed aleppo"~3').query
    with pytest.raises(Unsupported):
        _evaluator(searcher).evaluate(q)


@pytest.mark.parametrize("whole_order_from", [0, 10**9], ids=["whole-order", "partition"])
@pytest.mark.parametrize("sort", ["newest", "oldest", "toll"])
@pytest.mark.parametrize("text", ["", "killed", "hospital OR market"])
def test_sorted_pages_equal_whooshs_sortedby(searcher, sort, text, whole_order_from, monkeypatch):
    # Both ways of finding a sorted page: off the order of every document, or among the matches.
    monkeypatch.setattr(ranking, "WHOLE_ORDER_FROM", whole_order_from)
    q = parse_user_query(text).query
    match = _evaluator(searcher).evaluate(q)
    expected = [hit.docnum for hit in searcher.search(q, sortedby=sort_facet(sort), limit=None)]
    arrays = FacetArrays(searcher.reader())
    assert page_of(match.mask, match.scores, arrays, sort, 0, len(expected)) == expected
    assert page_of(match.mask, match.scores, arrays, sort, 2, 5) == expected[2:5]


@pytest.mark.parametrize(
    "text", ['"killed in aleppo"', '"the hospital"', '"killed aleppo"~3', "kill*", "hospitl~"]
)
def test_phrases_and_wildcards_match_what_whoosh_matches(segmented_index, text):
    handle = open_handle(segmented_index)
    searcher = handle.searcher()
    q = parse_user_query(text).query
    words = handle.engine(searcher).words(q)
    assert set(np.flatnonzero(words.mask).tolist()) == set(searcher.docs_for_query(q))


def _straightforward(searcher, request) -> tuple[int, dict, dict]:
    """Total, facet counts and timeline by Whoosh queries and Python sets, the slow way."""
    reader = searcher.reader()
    parsed = bounded_query(request.q, reader)[0]

    def docs(without=(), dates=True):
        return set(searcher.docs_for_query(combine(parsed, filters_for(request, without, dates))))

    def postings(fieldname):
        return {
            value: set(reader.postings(fieldname, value).all_ids())
            for value in reader.field_terms(fieldname)
        }

    counts = {}
    for name, fieldname in FACETS.items():
        matched = docs((name,))
        counts[name] = {v: len(d & matched) for v, d in postings(fieldname).items() if d & matched}
    in_time = docs(("year", "month"), dates=False)
    tolls = {d: searcher.stored_fields(d).get("death_toll") or 0 for d in in_time}
    timeline = {}
    for month, month_docs in sorted(postings(MONTH).items()):
        inside = month_docs & in_time
        if inside:
            timeline[month] = (len(inside), sum(max(tolls[d], 0) for d in inside))
    return len(docs()), counts, timeline


REQUESTS = [
    {},
    {"q": "killed"},
    {"q": "killed OR wounded", "governorate": ["Aleppo", "Idlib"]},
    {"q": "hospital", "actor": ["-Islamic State"], "sort": "toll"},
    {"city": ["Aleppo"], "year": ["2016", "2017"]},
    {"q": "killed", "from": "2015-01-01", "to": "2017-12-31", "toll_range": ["-none"]},
    {"q": '"killed in"', "source": ["-AFP"]},
    {"q": "kill*", "page": "2", "per_page": "5"},
]


def _searched(index_dir: Path, args: dict):
    """(searcher, request, results) of `args` through the app's search layer."""
    handle = open_handle(index_dir)
    searcher = handle.searcher()
    request = parse_search_args(MultiDict(args))
    return searcher, request, search(searcher, request, handle.engine(searcher))


@pytest.mark.parametrize("args", REQUESTS, ids=lambda a: repr(a))
def test_search_counts_and_timeline_equal_a_straightforward_evaluation(segmented_index, args):
    searcher, request, results = _searched(segmented_index, args)
    total, counts, timeline = _straightforward(searcher, request)
    assert results.total == total
    assert {f.name: {v.value: v.count for v in f.values if v.count} for f in results.facets} == {
        name: value_counts for name, value_counts in counts.items()
    }
    assert results.timeline == timeline
    # The same request again comes from the caches and must not change.
    _, _, again = _searched(segmented_index, args)
    assert [h.facts.id for h in again.hits] == [h.facts.id for h in results.hits]
    assert again.total == results.total


@pytest.mark.parametrize("args", REQUESTS, ids=lambda a: repr(a))
def test_search_hits_equal_whooshs_page(segmented_index, args):
    searcher, request, results = _searched(segmented_index, args)
    # Whoosh ranks the words' query among the documents the filters allow, as the old path did.
    words = bounded_query(request.q, searcher.reader())[0]
    allowed = set(searcher.docs_for_query(combine(words, filters_for(request))))
    start = (request.page - 1) * request.per_page
    whoosh_page = searcher.search(
        words, filter=allowed, sortedby=sort_for(request), limit=start + request.per_page
    )
    expected = [hit["id"] for hit in whoosh_page[start : start + request.per_page]]
    assert [hit.facts.id for hit in results.hits] == expected


def test_a_new_generation_is_seen_and_its_caches_rebuilt(segmented_index, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(segmented_index, folder)
    handle = open_handle(folder)
    request = parse_search_args(MultiDict({"q": "killed"}))
    searcher = handle.searcher()
    before = search(searcher, request, handle.engine(searcher)).total
    ix = index.open_dir(str(folder))
    with ix.searcher() as reading:
        victims = [h["id"] for h in reading.search(parse_user_query("killed").query, limit=3)]
    writer = ix.writer()
    for victim in victims:
        writer.delete_by_term(ID_FIELD, victim)
    writer.commit(merge=False)
    searcher = handle.searcher()
    assert search(searcher, request, handle.engine(searcher)).total == before - len(victims)


def test_term_cache_stays_within_its_budget(searcher):
    cache = TermCache(max_bytes=4096)
    reader = searcher.reader()
    for text in list(reader.lexicon(BODY))[:300]:
        docs, _ = cache.postings(reader, BODY, text)
        assert np.array_equal(docs, term_postings(reader, BODY, text)[0])
    assert cache.nbytes <= 4096 or len(cache._entries) == 1
