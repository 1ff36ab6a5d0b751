"""Query building: the user's words, the facet filters and the sort orders, as Whoosh queries."""

from __future__ import annotations

import datetime as dt

import pytest
from whoosh import query

from searchapp.params import SearchRequest
from searchapp.queries import (
    combine,
    facet_filter,
    filters_for,
    parse_user_query,
    plain_words,
)


def text_term(word):
    return query.Or([query.Term("title", word, boost=2.0), query.Term("body", word)])


def test_empty_query_matches_everything():
    assert parse_user_query("   ").query == query.Every()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("city:Aleppo", query.Term("cities", "Aleppo")),
        ('actor:"Islamic State"', query.Term("actors", "Islamic State")),
        ("governorate:Idlib", query.Term("governorates", "Idlib")),
    ],
)
def test_field_aliases_reach_facet_fields(text, expected):
    parsed = parse_user_query(text)
    assert (parsed.query, parsed.notice) == (expected, None)


def test_words_are_stemmed_and_searched_in_title_and_body():
    parsed = parse_user_query("killed")
    assert parsed.notice is None
    assert {(t.fieldname, t.text) for t in parsed.query.children()} == {
        ("title", "kill"),
        ("body", "kill"),
    }


def test_phrases_wildcards_fuzzy_and_booleans_parse():
    assert isinstance(parse_user_query('"water treatment plant"').query.subqueries[0], query.Phrase)
    assert isinstance(parse_user_query("kil*").query.subqueries[0], query.Prefix)
    assert isinstance(parse_user_query("aleppo~").query.subqueries[0], query.FuzzyTerm)
    negated = parse_user_query("aleppo AND NOT idlib").query
    assert isinstance(negated, query.And) and isinstance(negated.subqueries[1], query.Not)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"unclosed quote aleppo', "unclosed quote aleppo"),
        ("(idlib OR homs", "idlib or homs"),
        ("homs) (", "homs"),
    ],
)
def test_broken_syntax_falls_back_to_plain_words_with_a_notice(text, words):
    parsed = parse_user_query(text)
    assert parsed.notice is not None and parsed.notice.endswith(words)


@pytest.mark.parametrize("text", ["the", "a the of", "AND"])
def test_only_common_words_say_so(text):
    parsed = parse_user_query(text)
    assert parsed.query is query.NullQuery and parsed.notice.startswith("Only very common words")


def test_plain_words_drops_syntax_and_lowers_operators():
    assert plain_words('title:"a b" OR (c*)') == "title a b or c"


def test_facet_filter_is_or_within_a_facet():
    assert facet_filter("cities", ("Aleppo",)) == query.Term("cities", "Aleppo")
    assert facet_filter("cities", ("Aleppo", "Idlib")) == query.Or(
        [query.Term("cities", "Aleppo"), query.Term("cities", "Idlib")]
    )


def test_filters_are_and_across_facets_and_can_leave_one_out():
    request = SearchRequest(
        filters={"city": ("Aleppo", "Idlib"), "actor": ("Russia",)},
        date_from=dt.date(2016, 1, 1),
        date_to=dt.date(2016, 12, 31),
    )
    city = facet_filter("cities", ("Aleppo", "Idlib"))
    actor = query.Term("actors", "Russia")
    dates = query.NumericRange("date_sort", 20160101, 20161231)
    assert filters_for(request) == [city, actor, dates]
    assert filters_for(request, without="city") == [actor, dates]
    assert combine(query.Every(), [actor]) == query.And([query.Every(), actor])
    assert combine(query.Every(), []) == query.Every()


def test_open_ended_date_range_excludes_undated_reports():
    request = SearchRequest(date_to=dt.date(2014, 5, 3))
    assert filters_for(request) == [query.NumericRange("date_sort", 1, 20140503)]


def test_exclusions_are_not_clauses_left_out_with_their_facet():
    request = SearchRequest(
        filters={"city": ("Aleppo",)},
        excluded={"actor": ("Islamic State", "Russia")},
        date_from=dt.date(2016, 1, 1),
    )
    city = query.Term("cities", "Aleppo")
    not_actors = query.Not(facet_filter("actors", ("Islamic State", "Russia")))
    dates = query.NumericRange("date_sort", 20160101, None)
    assert filters_for(request) == [city, not_actors, dates]
    assert filters_for(request, without="actor") == [city, dates]
    assert filters_for(request, without=("actor", "city"), dates=False) == []
