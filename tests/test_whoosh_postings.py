"""Decoding Whoosh's posting lists and position values in bulk gives exactly what Whoosh's own
decoding gives."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from whoosh import index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import pack_uint

from indexer.schema import BODY, TITLE, build_schema
from indexer.whoosh_postings import (
    _walked,
    decode_positions,
    leaf_positions,
    leaf_postings,
    w3_blocks,
)

FORMAT = Positions()


def _expected(values):
    sizes, deltas = [], []
    for value in values:
        positions = FORMAT.decode_positions(value)
        sizes.append(len(positions))
        deltas += [b - a for a, b in zip([0, *positions], positions, strict=False)]
    return sizes, deltas


def _check(position_lists):
    values = [FORMAT.encode(positions) for positions in position_lists]
    sizes, deltas = decode_positions(values, FORMAT)
    expected_sizes, expected_deltas = _expected(values)
    assert sizes.tolist() == expected_sizes
    assert deltas.tolist() == expected_deltas


@pytest.mark.parametrize(
    "position_lists",
    [
        [[0]],
        [[5], [0, 1], [3, 200, 255]],
        [[0, 256], [70_000], [1, 65_535, 65_536, 2**31 - 1]],  # 1-, 2- and 4-byte ints
        [list(range(0, 3000, 3)), [7]],  # over 1,000 items: pickle splits it in batches
        [list(range(1000)), list(range(1001))],
    ],
)
def test_bulk_decoding_equals_whooshs(position_lists):
    _check(position_lists)


def test_random_position_lists_decode_like_whoosh():
    rng = random.Random(3)
    lists = []
    for _ in range(2000):
        size = rng.choice([1, 1, 2, 3, 5, 20, 300])
        top = rng.choice([400, 5_000, 10**6])
        lists.append(sorted(rng.sample(range(top), size)))
    _check(lists)


def test_a_value_in_another_shape_takes_whooshs_own_path():
    # A pickle protocol Whoosh did not write: still decoded right, by the slow path.
    odd = pack_uint(2) + pickle.dumps([4, 6], 4)
    values = [FORMAT.encode([1, 2]), odd, FORMAT.encode([9])]
    sizes, deltas = decode_positions(values, FORMAT)
    assert sizes.tolist() == [2, 2, 1]
    assert deltas.tolist() == [1, 1, 4, 6, 9]


def test_nothing_to_decode():
    sizes, deltas = decode_positions([], FORMAT)
    assert len(sizes) == 0 and len(deltas) == 0
    assert np.asarray(sizes).dtype == np.int64


def test_posting_lists_read_whole_give_what_walking_whooshs_matcher_gives(tmp_path):
    # leaf_positions and leaf_postings read a word's whole posting list at once and parse its
    # blocks; Whoosh's matcher, walked a posting at a time, must agree for every word, including
    # lists of several blocks (128 postings each) and deleted documents.
    ix = index.create_in(str(tmp_path), build_schema())
    writer = ix.writer()
    for number in range(300):
        words = ["killed"] * (number % 4 + 1) + [f"word{number % 7}", "aleppo" * (number % 3 > 0)]
        writer.add_document(id=f"r{number}", title=f"Shelling {number}", body=" ".join(words))
    writer.commit()
    writer = ix.writer()
    writer.delete_by_term("id", "r5")
    writer.add_document(id="late", title="Shelling", body="killed killed in idlib")
    writer.commit(merge=False)
    checked, blocks = 0, 0
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for fieldname in (TITLE, BODY):
                format_ = leaf.schema[fieldname].format
                for text in leaf.lexicon(fieldname):
                    matcher = leaf.postings(fieldname, text)
                    if isinstance(matcher, FilterMatcher):
                        matcher = matcher.child
                    if isinstance(matcher, W3LeafMatcher):
                        blocks += len(list(w3_blocks(matcher))) - 1
                        matcher = leaf.postings(fieldname, text)
                        matcher = matcher.child if isinstance(matcher, FilterMatcher) else matcher
                    matcher.reset()  # FilterMatcher has moved it past deleted documents
                    walked = _walked(matcher, format_)
                    read = leaf_positions(leaf, fieldname, text)
                    for want, have in zip(walked, read, strict=True):
                        assert have.tolist() == want.tolist(), (fieldname, text)
                    docs, weights = leaf_postings(leaf, fieldname, text)
                    assert docs.tolist() == walked[0].tolist()
                    assert weights.tolist() == walked[1].tolist()
                    checked += 1
    assert checked > 300 and blocks >= 2
