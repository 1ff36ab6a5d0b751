"""Decoding Whoosh's position values in bulk gives exactly what Whoosh's own decoding gives."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from whoosh.formats import Positions
from whoosh.system import pack_uint

from indexer.whoosh_postings import decode_positions

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
