"""The writers' one-loop analysis gives exactly the postings and spelling words Whoosh's analyzer
chain gives, falls back to Whoosh for anything else, and never reaches the index's schema."""

from __future__ import annotations

import csv

import pytest
from whoosh import index
from whoosh.analysis import CharsetFilter, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import KEYWORD, TEXT

from bench.synthetic import compose
from indexer import fast_analysis
from indexer.fast_analysis import FastSchema, FastTextField, fast_field
from indexer.schema import BODY, ID_FIELD, TITLE, build_schema
from indexer.segment_writers import SingleWriter
from tests.conftest import SHARED_DATA

EDGES = [
    "",
    "   ",
    "the a of to",  # nothing but stop words
    "The shelling of Aleppo, the shelling of Homs",  # stop words first: positions renumbered
    "a b c d killed",  # one-letter words are stopped too
    "Médecins Sans Frontières in Ḥamāh and Dayr az-Zawr",
    "U.S. and U.N. officials said 3.5 km, 1,000 people, e.g. x_y",
    "İstanbul İİ ǅemal",  # lower() lengthens the first, titlecase digraphs
    "ﬁre at the ﬂour mill; ΣΊΣΥΦΟΣ",
    "دمشق حلب ٣ killed",
    "killing killed kills KILLED Killed",  # one stem, five positions
    "air* strike*",  # the tokenizer keeps asterisks
]


def _texts() -> list[str]:
    texts = list(EDGES)
    for number in range(300):
        report = compose(7, number)
        texts += [report.title, report.body]
    return texts


@pytest.fixture(scope="module")
def schema():
    return build_schema()


@pytest.mark.parametrize("fieldname", [TITLE, BODY])
def test_index_and_spelling_words_equal_whooshs(schema, fieldname):
    field = schema[fieldname]
    fast = fast_field(field)
    assert isinstance(fast, FastTextField)
    for text in _texts():
        assert list(fast.index(text)) == list(field.index(text)), text[:80]
        assert list(fast.spellable_words(text)) == list(field.spellable_words(text)), text[:80]


def test_equal_on_real_reports(schema):
    path = SHARED_DATA / "fakes-dev.csv"
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared data folder is absent)")
    field, fast = schema[BODY], fast_field(schema[BODY])
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 400
    for row in rows:
        for text in row.values():
            if isinstance(text, str):
                assert list(fast.index(text)) == list(field.index(text))
                assert list(fast.spellable_words(text)) == list(field.spellable_words(text))


def test_equal_while_the_word_caches_are_cleared(schema, monkeypatch):
    monkeypatch.setattr(fast_analysis, "CACHE_WORDS", 5)
    field = schema[BODY]
    fast = fast_field(field)
    for text in _texts()[:60]:
        assert list(fast.index(text)) == list(field.index(text))
        assert list(fast.spellable_words(text)) == list(field.spellable_words(text))
    assert len(fast._indexed) <= 5


def test_anything_else_is_left_to_whoosh(schema):
    assert fast_field(TEXT(analyzer=StandardAnalyzer())) is None
    assert fast_field(KEYWORD()) is None
    assert fast_field(schema[ID_FIELD]) is None
    field = schema[BODY]
    fast = fast_field(field)
    words = ["killed", "in", "aleppo"]  # a pre-split value: Whoosh's own handling
    assert list(fast.index(words)) == list(field.index(words))
    assert list(fast.spellable_words(words)) == list(field.spellable_words(words))
    assert fast.scorable is field.scorable and fast.stored is field.stored


def test_the_stand_in_schema_answers_like_the_schema(schema):
    fast = FastSchema(schema)
    assert BODY in fast and "no_such_field" not in fast
    assert isinstance(fast[TITLE], FastTextField) and isinstance(fast[BODY], FastTextField)
    assert fast[ID_FIELD] is schema[ID_FIELD]
    assert fast.names() == schema.names()
    assert len(fast) == len(schema)


def test_the_index_keeps_whooshs_own_schema(tmp_path):
    ix = index.create_in(str(tmp_path), build_schema())
    writer = SingleWriter(ix)
    writer.add_document(**{ID_FIELD: "r1", TITLE: "Shelling of Douma", BODY: "Nine were killed."})
    assert type(writer.schema[BODY]) is TEXT  # the stand-in is only seen inside add_document
    writer.commit()
    reopened = index.open_dir(str(tmp_path))
    assert type(reopened.schema[BODY]) is TEXT
    with reopened.searcher() as searcher:
        assert [hit[ID_FIELD] for hit in searcher.find(BODY, "kill")] == ["r1"]


def test_encoded_positions_are_whooshs():
    import random

    from whoosh.formats import Positions

    rng, whoosh_format = random.Random(3), Positions()
    for _ in range(5000):
        count = rng.choice([1, 2, 3, 4, 5, 40, 1100])  # 1100: past the counts kept encoded
        found = sorted(rng.sample(range(max(count, rng.choice([10, 300, 200_000]))), count))
        assert fast_analysis.encode_positions(found) == whoosh_format.encode(found), found
        assert fast_analysis.encode_positions(found) == whoosh_format.encode(found)  # remembered


def test_a_folding_that_changes_ascii_letters_is_applied_to_ascii_spelling_words():
    # accent_map leaves lower-case ASCII alone, so ASCII spelling words skip the folding; a
    # folding that maps "a" to "o" must still be applied.
    field = TEXT(analyzer=StemmingAnalyzer() | CharsetFilter({ord("a"): "o"}), spelling=True)
    fast = fast_field(field)
    assert isinstance(fast, FastTextField)
    text = "Aleppo and Hama: an attack at dawn"
    assert list(fast.index(text)) == list(field.index(text))
    assert list(fast.spellable_words(text)) == list(field.spellable_words(text))
    assert "oleppo" in fast.spellable_words(text)
