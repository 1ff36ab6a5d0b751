"""The postings store: the same postings and positions as Whoosh's, built and dropped with the
segments, ignored when missing or damaged, and searches giving the same answers with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from werkzeug.datastructures import MultiDict
from whoosh import index

from indexer import store_build
from indexer.postings_store import Stores, _occurrence_keys, store_folder, stored_fields
from indexer.schema import BODY, ID_FIELD, TITLE
from indexer.store_build import refresh
from indexer.whoosh_postings import leaf_positions
from searchapp.params import parse_search_args
from searchapp.search import search
from searchapp.term_cache import TermCache
from searchapp.vector_eval import Evaluator
from tests.conftest import open_handle


@pytest.fixture()
def stored_index(segmented_index, tmp_path) -> Path:
    folder = tmp_path / "index"
    shutil.copytree(segmented_index, folder)
    summary = refresh(folder)
    with index.open_dir(str(folder)).reader() as reader:
        assert summary.built == len(reader.leaf_readers()) >= 3
    return folder


@pytest.mark.parametrize("with_empty", [False, True], ids=["every-size-positive", "a-zero-size"])
def test_occurrence_keys_from_stored_gaps(with_empty):
    # Random postings as the store keeps them (gaps), against keys built one occurrence at a time.
    rng = np.random.default_rng(5)
    docs = np.cumsum(rng.integers(1, 40, size=300))
    sizes = rng.integers(1, 9, size=300)
    if with_empty:  # never written by the indexer; the keys must still be exact
        sizes[[0, 17, 299]] = 0
    positions = [np.sort(rng.choice(5000, size=n, replace=False)) for n in sizes]
    expected = [
        (int(d) << 32) + int(p) for d, found in zip(docs, positions, strict=True) for p in found
    ]
    gaps = np.concatenate([np.diff(found, prepend=0) for found in positions]).astype(np.uint32)
    doc_gaps = np.diff(docs, prepend=0).astype(np.uint32)
    keys = _occurrence_keys(doc_gaps, sizes.astype(np.uint32), gaps)
    assert keys.tolist() == expected


def _segments(folder: Path):
    reader = index.open_dir(str(folder)).reader()
    return reader, [(leaf, leaf.segment().segment_id()) for leaf, _ in reader.leaf_readers()]


def test_the_store_holds_whooshs_postings_and_positions_for_every_word(stored_index):
    reader, segments = _segments(stored_index)
    stores = Stores(stored_index)
    assert stored_fields(reader.schema) == sorted([TITLE, BODY])
    checked = 0
    for leaf, segment_id in segments:
        store = stores.get(segment_id, leaf.doc_count_all())
        assert store is not None
        for fieldname in (TITLE, BODY):
            for text in leaf.lexicon(fieldname):
                expected = leaf_positions(leaf, fieldname, text)
                got = store.read(fieldname, text)
                for want, have in zip(expected, got, strict=True):
                    assert have.tolist() == want.tolist(), (fieldname, text)
                docs, weights, keys = store.read_keys(fieldname, text)
                assert docs.tolist() == expected[0].tolist()
                assert keys.tolist() == [(d << 32) + p for d, p in zip(*expected[2:], strict=True)]
                docs, weights, none, _ = store.read(fieldname, text, positions=False)
                assert docs.tolist() == expected[0].tolist() and none is None
                assert weights.tolist() == expected[1].tolist()
                checked += 1
        assert store.read(BODY, b"nonexistentword")[0].tolist() == []
    assert checked > 1000


@pytest.mark.parametrize("batch", [1, 7, 200_000])
def test_words_decoded_in_batches_are_stored_as_each_word_decoded_alone(
    stored_index, monkeypatch, batch
):
    # The build decodes the positions of many words at once; every word's arrays must be those
    # of its own postings and positions (deleted documents included), at any batch size.
    monkeypatch.setattr(store_build, "BUILD_BATCH", batch)
    reader, segments = _segments(stored_index)
    words = 0
    for leaf, _ in segments:
        for fieldname in (TITLE, BODY):
            lexicon = list(leaf.lexicon(fieldname))
            built = list(store_build._term_parts(leaf, fieldname))
            assert [text for text, _ in built] == lexicon
            for text, parts in built:
                alone = store_build._parts(*leaf_positions(leaf, fieldname, text))
                assert parts == [part.tobytes() for part in alone], (fieldname, text)
                words += 1
    assert words > 1000


def test_refresh_builds_only_whats_missing_and_drops_what_is_gone(stored_index):
    assert refresh(stored_index).built == 0
    ix = index.open_dir(str(stored_index))
    writer = ix.writer()
    writer.add_document(**{ID_FIELD: "new-one", TITLE: "Shelling of the bakery", BODY: "bread"})
    writer.commit(merge=False)
    summary = refresh(stored_index)
    assert (summary.built, summary.removed) == (1, 0)
    ix.optimize()  # every segment merged into one new one
    summary = refresh(stored_index)
    reader, segments = _segments(stored_index)
    assert summary.built == 1 and summary.removed >= 4
    tables = sorted(p.name.split(".")[0] for p in store_folder(stored_index).glob("*.terms.npz"))
    assert tables == [segment_id for _, segment_id in segments]
    assert not list(store_folder(stored_index).glob("*.partial"))


def _evaluate(folder: Path, text: str, stores):
    reader, _ = _segments(folder)
    searcher = index.open_dir(str(folder)).searcher()
    from searchapp.postings_arrays import field_lengths, live_mask
    from searchapp.queries import parse_user_query

    evaluator = Evaluator(
        searcher, TermCache(stores=stores), live_mask(reader), lambda f: field_lengths(reader, f)
    )
    return evaluator.evaluate(parse_user_query(text).query)


@pytest.mark.parametrize("damage", ["truncated blob", "junk table", "no blob", "partial only"])
def test_a_damaged_or_missing_store_is_ignored_and_answers_stay_right(stored_index, damage):
    folder = store_folder(stored_index)
    blob = sorted(folder.glob("*.blob"))[0]
    table = blob.with_name(blob.name.replace(".blob", ".terms.npz"))
    if damage == "truncated blob":
        blob.write_bytes(blob.read_bytes()[:100])
    elif damage == "junk table":
        table.write_bytes(b"not a table")
    elif damage == "no blob":
        blob.unlink()
    else:  # a run killed while writing: only the partial files are there
        blob.rename(blob.with_name(blob.name + ".partial"))
        table.unlink()
    reader, segments = _segments(stored_index)
    stores = Stores(stored_index)
    opened = [stores.get(s, leaf.doc_count_all()) for leaf, s in segments]
    assert opened.count(None) == 1
    for text in ["killed", '"killed in"', "hospital OR market", '"the hospital"']:
        with_store = _evaluate(stored_index, text, stores)
        without = _evaluate(stored_index, text, None)
        assert np.array_equal(with_store.mask, without.mask)
        assert np.array_equal(with_store.scores, without.scores)
    # The next indexer run puts it right.
    refresh(stored_index)
    assert all(Stores(stored_index).get(s, leaf.doc_count_all()) for leaf, s in segments)


REQUESTS = [
    {"q": "killed"},
    {"q": '"killed in"', "sort": "newest"},
    {"q": "hospital OR market", "governorate": ["Aleppo", "Idlib"]},
    {"q": '"the hospital" AND NOT shelling', "page": "2", "per_page": "3"},
    {"q": "title:killed"},
]


@pytest.mark.parametrize("args", REQUESTS, ids=repr)
def test_searches_with_the_store_answer_as_without_it(segmented_index, stored_index, args):
    def answer(folder):
        handle = open_handle(folder)
        searcher = handle.searcher()
        results = search(searcher, parse_search_args(MultiDict(args)), handle.engine(searcher))
        facets = {f.name: [(v.value, v.count) for v in f.values] for f in results.facets}
        hits = [(h.facts.id, h.score, str(h.snippet)) for h in results.hits]
        return results.total, hits, facets, results.timeline

    plain, stored = answer(segmented_index), answer(stored_index)
    assert plain == stored and plain[0] > 0


def test_an_indexer_run_writes_the_store_of_its_new_segments(tmp_path):
    from indexer.run import index_paths
    from tests.conftest import TODAY, write_reports

    folder, ix = tmp_path / "reports", tmp_path / "ix"
    body = "Shelling of a market in Douma killed {} people on Tuesday, rescue workers said."
    write_reports(
        folder, {f"r{n}.txt": f"Douma market shelled\n{body.format(n)}" for n in range(5)}
    )
    summary = index_paths([folder], ix, today=TODAY, workers=0)
    assert summary.store.built == 1 and not summary.store_error
    again = index_paths([folder], ix, today=TODAY, workers=0)
    assert again.store.built == 0
    write_reports(
        folder, {"more.txt": "Aleppo raid\nAir strikes hit a bakery in Aleppo, medics said."}
    )
    index_paths([folder], ix, today=TODAY, workers=0)
    reader, segments = _segments(ix)
    stores = Stores(ix)
    assert all(stores.get(s, leaf.doc_count_all()) for leaf, s in segments)
    reader.close()


def test_writer_processes_build_their_segments_stores_before_the_commit(tmp_path):
    from indexer.run import index_paths
    from tests.conftest import TODAY, write_reports

    folder, ix = tmp_path / "reports", tmp_path / "ix"
    body = "Shelling of a market in Douma killed {} people on Tuesday, rescue workers said."
    write_reports(
        folder, {f"r{n}.txt": f"Douma market shelled\n{body.format(n)}" for n in range(120)}
    )
    summary = index_paths([folder], ix, today=TODAY, workers=2, writers=2, full=True)
    reader, segments = _segments(ix)
    assert len(segments) == 2
    assert summary.store.built == 0 and not summary.store_error  # the writers built them
    stores = Stores(ix)
    for leaf, segment_id in segments:
        store = stores.get(segment_id, leaf.doc_count_all())
        assert store is not None
        for text in leaf.lexicon(BODY):
            docs, weights, at_docs, at = leaf_positions(leaf, BODY, text)
            found = store.read(BODY, text)
            assert np.array_equal(found[0], docs) and np.array_equal(found[3], at), text
    reader.close()
