"""The writers' term pool: postings held per word, spilled to compressed sorted runs, written a
block at a time; the index it makes is Whoosh's own (its spelling words counted: the same words
and frequencies in fewer postings)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from whoosh import index
from whoosh.fields import SpellField
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool, SegmentWriter

from indexer import segment_writers, term_pool
from indexer.pipeline import process
from indexer.records import RawReport
from indexer.schema import build_schema, to_document
from indexer.segment_writers import SingleWriter
from indexer.term_pool import TermPool
from searchapp.suggest import suggest_query

TODAY = dt.date(2026, 11, 21)


def postings(count: int, seed: int = 3) -> list[tuple]:
    """Postings in no particular order (as a merge of segments may add them)."""
    rng = random.Random(seed)
    words = [f"w{n:04d}".encode() for n in range(300)]
    found = {
        (rng.choice(["body", "title", "spell_body"]), rng.choice(words), rng.randrange(10_000))
        for _ in range(count)
    }
    return [(f, w, d, float(rng.randrange(1, 5)), bytes(rng.randrange(9))) for f, w, d in found]


def in_document_order(count: int) -> list[tuple]:
    """Postings as a writer adds them: document after document."""
    return sorted(postings(count), key=lambda item: item[2])


def flat(pool: TermPool) -> list[tuple]:
    return [
        (fieldname, word, *found[i : i + 3])
        for fieldname, word, found in pool.terms()
        for i in range(0, len(found), 3)
    ]


def spilling(storage, limit_items: int) -> TermPool:
    made = TermPool(storage, limitmb=1)
    made.limit = limit_items * term_pool.POSTING_BYTES  # a spill every few hundred postings
    return made


@pytest.mark.parametrize("make", [in_document_order, postings])
def test_the_pool_gives_back_every_posting_in_order_from_several_runs(tmp_path, make):
    items = make(3 * term_pool.RUN_BLOCK + 77)
    storage = FileStorage(str(tmp_path)).create()
    pool = spilling(storage, limit_items=900)
    for item in items:
        pool.add(item)
    assert len(pool.runs) >= 4
    assert flat(pool) == sorted(items)
    assert list(storage.list()) == []  # each run is deleted once read


def test_the_runs_take_a_fraction_of_whooshs_plain_ones(tmp_path):
    items = in_document_order(20_000)
    whoosh = PostingPool(FileStorage(str(tmp_path / "whoosh")).create(), None, limitmb=1)
    whoosh.limit = 5_000 * 120
    ours = spilling(FileStorage(str(tmp_path / "ours")).create(), limit_items=5_000)
    for item in items:
        whoosh.add(item)
        ours.add(item)
    whoosh.save()
    ours.spill()
    sizes = {
        name: sum(pool.tempstore.file_length(run) for run in pool.runs)
        for name, pool in (("whoosh", whoosh), ("ours", ours))
    }
    assert len(ours.runs) >= 3
    assert sizes["ours"] * 3 < sizes["whoosh"], sizes
    assert flat(ours) == list(whoosh.items()) == sorted(items)


def test_more_runs_than_open_files_are_merged_in_steps(tmp_path, monkeypatch):
    monkeypatch.setattr(term_pool, "MAX_OPEN_RUNS", 3)
    items = in_document_order(6_000)
    storage = FileStorage(str(tmp_path)).create()
    pool = spilling(storage, limit_items=200)
    for item in items:
        pool.add(item)
    assert len(pool.runs) > 8
    assert flat(pool) == sorted(items)
    assert list(storage.list()) == []


def test_a_truncated_run_is_an_error_not_missing_postings(tmp_path):
    storage = FileStorage(str(tmp_path)).create()
    pool = TermPool(storage)
    for item in postings(5_000):
        pool.add(item)
    pool.spill()
    [name] = storage.list()
    run = tmp_path / name
    run.write_bytes(run.read_bytes()[: run.stat().st_size // 2])
    with pytest.raises(OSError, match="truncated"):
        list(pool.terms())


def test_cleanup_removes_the_runs(tmp_path):
    storage = FileStorage(str(tmp_path)).create()
    pool = spilling(storage, limit_items=100)
    for item in postings(1_000):
        pool.add(item)
    assert len(list(storage.list())) > 2
    pool.cleanup()
    assert list(storage.list()) == [] and flat(pool) == []


def documents(count: int) -> list[dict]:
    rng = random.Random(5)
    places = ["Aleppo", "Homs", "Idlib", "Douma", "Raqqa", "Hama", "Deraa"]
    verbs = ["shelled", "bombed", "struck", "hit", "raided"]
    docs = []
    for n in range(count):
        place, verb = rng.choice(places), rng.choice(verbs)
        words = " ".join(f"word{rng.randrange(800)}" for _ in range(rng.randrange(20, 90)))
        body = f"Jets {verb} a market in {place}, killing {rng.randrange(1, 60)} people. {words}."
        raw = RawReport(id=f"r{n}", title=f"Attack on {place}", body=body, path=f"r{n}.txt")
        docs.append(to_document(process(raw, TODAY)))
    return docs


def contents(index_dir) -> tuple:
    """Every field's words with their statistics (the length bounds come from the lengths the
    writer looks up per posting) and postings (document, weight, positions), every spelling
    word with its frequency (what "did you mean" reads; the writers count them, see
    SpellingCounts), and every document's stored fields."""
    with index.open_dir(str(index_dir)).searcher() as searcher:
        reader = searcher.reader()
        words = []
        for fieldname, text in reader.all_terms():
            if isinstance(reader.schema[fieldname], SpellField):
                words.append((fieldname, text, reader.frequency(fieldname, text)))
                continue
            info = reader.term_info(fieldname, text)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            fmt = reader.schema[fieldname].format
            decode = "positions" if fmt and fmt.supports("positions") else "weight"
            postings = list(reader.postings(fieldname, text).items_as(decode))
            words.append((fieldname, text, stats, postings))
        return words, list(reader.all_stored_fields())


def test_an_index_written_from_the_term_pool_is_the_one_whoosh_writes(tmp_path):
    docs = documents(400)
    for name, writer_class in (("whoosh", SegmentWriter), ("ours", SingleWriter)):
        (tmp_path / name).mkdir()
        ix = index.create_in(str(tmp_path / name), build_schema())
        writer = writer_class(ix, limitmb=1)
        writer.pool.limit = 150_000  # spills runs every few dozen reports
        for doc in docs:
            writer.add_document(**doc)
        assert len(writer.pool.runs) > 3
        assert isinstance(writer.pool, TermPool) == (name == "ours")
        writer.commit()
    assert contents(tmp_path / "ours") == contents(tmp_path / "whoosh")
    # Only the postings blocks' zlib level differs (Whoosh's 3, ours 2; any level reads back).
    levels = [
        [
            segment.codec()._compression
            for segment in index.open_dir(str(tmp_path / name))._segments()
        ]
        for name in ("whoosh", "ours")
    ]
    assert levels == [[3], [segment_writers.POSTINGS_ZLIB_LEVEL]] == [[3], [2]]


def test_spelling_words_are_counted_once_per_word_with_whooshs_frequencies(tmp_path, monkeypatch):
    docs = documents(300)
    (tmp_path / "whoosh").mkdir()
    ix = index.create_in(str(tmp_path / "whoosh"), build_schema())
    writer = SegmentWriter(ix)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    # Ours in three segments, the last written holding few words at a time, then merged.
    (tmp_path / "ours").mkdir()
    ix = index.create_in(str(tmp_path / "ours"), build_schema())
    for start in (0, 100, 200):
        if start == 200:
            monkeypatch.setattr(segment_writers, "SPELLING_WORDS_HELD", 40)
        writer = SingleWriter(ix)
        for doc in docs[start : start + 100]:
            writer.add_document(**doc)
        writer.commit(merge=False)
        if start == 100:  # one posting per word and segment, not one per word and report
            with ix.reader() as reader:
                spelled = [(f, w) for f, w in reader.all_terms() if f.startswith("spell_")]
                assert max(reader.doc_frequency(f, w) for f, w in spelled) == 2
                assert max(reader.frequency(f, w) for f, w in spelled) > 100
    assert len(ix._segments()) == 3
    SingleWriter(ix).commit(optimize=True)
    assert len(ix._segments()) == 1
    assert contents(tmp_path / "ours") == contents(tmp_path / "whoosh")
    with ix.searcher() as searcher, index.open_dir(str(tmp_path / "whoosh")).searcher() as theirs:
        assert suggest_query(searcher, "Jets strick a markt") == "Jets struck a market"
        assert suggest_query(theirs, "Jets strick a markt") == "Jets struck a market"


def test_a_merge_keeps_the_spelling_words_of_a_segment_whose_first_report_is_deleted(tmp_path):
    # Whoosh posts a segment's spelling words to its document 0 and a merge copies only the
    # postings of reports still there: deleting that one report used to lose them all.
    docs = documents(40)
    ix = index.create_in(str(tmp_path), build_schema())
    for part in (docs[:20], docs[20:]):
        writer = SingleWriter(ix)
        for doc in part:
            writer.add_document(**doc)
        writer.commit(merge=False)
    with ix.reader() as reader:
        before = {
            (f, w): reader.frequency(f, w)
            for f, w in reader.all_terms()
            if isinstance(reader.schema[f], SpellField)
        }
    writer = SingleWriter(ix)
    writer.delete_by_term("id", docs[20]["id"])  # document 0 of the second segment
    writer.delete_by_term("id", docs[1]["id"])
    writer.commit(optimize=True)
    assert len(ix._segments()) == 1
    with ix.reader() as reader:
        after = {
            (f, w): reader.frequency(f, w)
            for f, w in reader.all_terms()
            if isinstance(reader.schema[f], SpellField)
        }
        assert reader.doc_count() == 38
    # Every word still there with its frequency (words of deleted reports are kept, as Whoosh
    # keeps them while document 0 lives: "did you mean" only ranks by them).
    assert after == before
    with ix.searcher() as searcher:
        assert suggest_query(searcher, "Jets strick a markt") == "Jets struck a market"


def test_boosts_and_custom_stored_values_take_whooshs_own_way(tmp_path):
    ix = index.create_in(str(tmp_path), build_schema())
    writer = SingleWriter(ix)
    writer.add_document(id="a", title="Shelling in Homs", body="Shells hit Homs.", path="a.txt")
    writer.add_document(
        id="b", title="Shelling in Homs", body="Shells hit Homs.", path="b.txt", _boost=3.0
    )
    writer.add_document(id="c", title="Raid", body="A raid.", path="c.txt", _stored_title="Kept")
    writer.commit()
    with ix.searcher() as searcher:
        stored = {fields["id"]: fields["title"] for fields in searcher.all_stored_fields()}
        assert stored == {"a": "Shelling in Homs", "b": "Shelling in Homs", "c": "Kept"}
        matcher, weights = searcher.reader().postings("body", b"shell"), {}
        while matcher.is_active():
            weights[matcher.id()] = matcher.weight()
            matcher.next()
        assert weights == {0: 1.0, 1: 3.0}  # the document boost, as Whoosh applies it
