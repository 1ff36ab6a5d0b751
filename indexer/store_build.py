"""Writing the postings store of each segment (see indexer.postings_store), and removing those of
segments that are gone.

The indexer calls this while it holds the index lock: each writer process builds its own
segment's store before the commit (build_segment), and after each run `refresh` builds any that
is missing and drops the stale ones. A store is written to partial files and named into being
by renaming its table last, so a reader never sees half of one.
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import W3TermInfo, W3TermsReader
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions

from indexer.postings_store import (
    BLOB,
    DAMAGED,
    PARTIAL,
    TABLE,
    VERSION,
    SegmentStore,
    store_folder,
    stored_fields,
)
from indexer.whoosh_postings import (
    decode_positions,
    leaf_positions,
    posting_blocks,
    whole_posting_list,
)

_EMPTY = np.empty(0, dtype=np.int64)


@dataclass
class RefreshSummary:
    built: int = 0
    removed: int = 0
    seconds: float = 0.0


def refresh(index_dir: Path) -> RefreshSummary:
    """Write the store of every current segment that lacks one and delete those of segments that
    are gone. Run by the indexer while it holds the index lock."""
    started = time.perf_counter()
    summary = RefreshSummary()
    folder = store_folder(index_dir)
    folder.mkdir(exist_ok=True)
    ix = FileStorage(str(index_dir), supports_mmap=False).open_index()
    with ix.reader() as reader:
        fields = stored_fields(reader.schema)
        current = set()
        for leaf, _ in reader.leaf_readers():
            segment_id = leaf.segment().segment_id()
            current.add(segment_id)
            if not _readable(folder, segment_id, leaf.doc_count_all()):
                _build(folder, segment_id, leaf, fields)
                summary.built += 1
    summary.removed = remove_stale(index_dir, current)
    summary.seconds = time.perf_counter() - started
    return summary


def remove_stale(index_dir: Path, current: set[str]) -> int:
    """Delete the stores of segments not in `current` (gone, or written by a run that never
    committed) and partial files; drop the folder if nothing is left. Returns the stores
    deleted."""
    folder = store_folder(index_dir)
    removed = 0
    try:
        paths = list(folder.iterdir())
    except FileNotFoundError:
        return 0
    for path in paths:
        segment_id = path.name.split(".", 1)[0]
        if segment_id not in current or path.name.endswith(PARTIAL):
            path.unlink(missing_ok=True)
            removed += path.name.endswith(TABLE)
    try:
        folder.rmdir()  # only when empty
    except OSError:
        pass
    return removed


def build_segment(storage, schema, segment) -> None:
    """Write the store of a segment just written and not yet committed (each writer process of a
    full run does so for its own, beside the others); refresh() then finds it built. A failure
    leaves at most partial files, which refresh() removes before building the store itself."""
    from whoosh.reading import SegmentReader

    folder = store_folder(Path(storage.folder))
    folder.mkdir(exist_ok=True)
    reader = SegmentReader(storage, schema, segment)
    try:
        _build(folder, segment.segment_id(), reader, stored_fields(schema))
    finally:
        reader.close()


def _readable(folder: Path, segment_id: str, doc_count: int) -> bool:
    try:
        SegmentStore(folder, segment_id, doc_count).close()
    except DAMAGED:
        return False
    return True


def _build(folder: Path, segment_id: str, leaf, fields: list[str]) -> None:
    blob_path = folder / (segment_id + BLOB + PARTIAL)
    table: dict[str, np.ndarray] = {}
    offset = 0
    with open(blob_path, "wb") as blob:
        for fieldname in fields:
            terms, extents = [], []
            for text, parts in _term_parts(leaf, fieldname):
                packed = [zlib.compress(part, 1) for part in parts]
                extents.append([offset, *map(len, packed)])
                for part in packed:
                    blob.write(part)
                    offset += len(part)
                terms.append(text)
            lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
            table[f"{fieldname}.terms"] = np.frombuffer(b"".join(terms), dtype=np.uint8)
            table[f"{fieldname}.starts"] = np.concatenate(([0], np.cumsum(lengths)))
            table[f"{fieldname}.extents"] = np.asarray(extents, dtype=np.int64).reshape(-1, 5)
        blob.flush()
        os.fsync(blob.fileno())
    table["meta"] = np.asarray([VERSION, leaf.doc_count_all(), offset], dtype=np.int64)
    table["fields"] = np.asarray(fields)
    table_path = folder / (segment_id + TABLE + PARTIAL)
    with open(table_path, "wb") as out:
        np.savez(out, **table)
        out.flush()
        os.fsync(out.fileno())
    # The table names the store into being: it is renamed last, after the blob it describes.
    os.replace(blob_path, folder / (segment_id + BLOB))
    os.replace(table_path, folder / (segment_id + TABLE))


# Postings whose positions are decoded together while a store is built (a word's own numpy calls
# cost more than its postings, for most words); bounds the memory a build takes.
BUILD_BATCH = 200_000


def _term_parts(leaf, fieldname: str) -> Iterator[tuple[bytes, list[bytes]]]:
    """(word, its four arrays as bytes, in the order of DTYPES) for every word of the field, in
    order. The words and where their postings lie come from one pass over the terms file; plain
    W3 posting lists of positions are read whole and decoded a batch of words at once; any
    other is decoded on its own (leaf_positions)."""
    format_ = leaf.schema[fieldname].format
    terms = getattr(leaf, "_terms", None)
    plain = type(format_) is Positions and type(terms) is W3TermsReader
    batch: list[tuple[bytes, tuple]] = []
    held = 0
    for text, info in leaf.iter_field(fieldname):
        blocks = _plain_blocks(terms._postfile, info) if plain else None
        if blocks is None:
            yield from _batch_parts(batch, format_)
            batch, held = [], 0
            yield text, [part.tobytes() for part in _parts(*leaf_positions(leaf, fieldname, text))]
            continue
        batch.append((text, blocks))
        held += len(blocks[0])
        if held >= BUILD_BATCH:
            yield from _batch_parts(batch, format_)
            batch, held = [], 0
    yield from _batch_parts(batch, format_)


def _plain_blocks(postfile, info):
    """(documents, weights, encoded positions) of a word whose postings are a W3 block list in
    the postings file (deleted documents included), or None for anything else (postings inlined
    in the term's info, or none)."""
    if type(info) is not W3TermInfo or info.is_inlined():
        return None
    return whole_posting_list(posting_blocks(postfile, *info.extent()))


def _batch_parts(batch: list, format_) -> Iterator[tuple[bytes, list[bytes]]]:
    """_parts of each word of a batch, its positions decoded with the others'."""
    if not batch:
        return
    counts = np.asarray([len(blocks[0]) for _, blocks in batch], dtype=np.int64)
    docs = np.concatenate([blocks[0] for _, blocks in batch])
    weights = np.concatenate([blocks[1] for _, blocks in batch]).astype(np.float32)
    sizes, deltas = decode_positions([value for _, blocks in batch for value in blocks[2]], format_)
    # Documents as gaps within each word; positions are stored as the gaps they are encoded as.
    firsts = np.cumsum(counts) - counts
    doc_gaps = np.diff(docs, prepend=0)
    doc_gaps[firsts] = docs[firsts]
    doc_bytes, weight_bytes = doc_gaps.astype(np.uint32).tobytes(), weights.tobytes()
    size_bytes, gap_bytes = sizes.astype(np.uint32).tobytes(), deltas.astype(np.uint32).tobytes()
    position_ends = np.cumsum(sizes).tolist()
    any_empty = bool((sizes == 0).any())  # never written by the indexer, but stay exact
    for (text, _), first, count in zip(batch, firsts.tolist(), counts.tolist(), strict=True):
        end = first + count
        at = position_ends[first - 1] if first else 0
        to = position_ends[end - 1]
        word_sizes = size_bytes[4 * first : 4 * end]
        if any_empty:  # a posting without positions has no entry among the sizes
            word_sizes = sizes[first:end][sizes[first:end] > 0].astype(np.uint32).tobytes()
        yield (
            text,
            [
                doc_bytes[4 * first : 4 * end],
                weight_bytes[4 * first : 4 * end],
                word_sizes,
                gap_bytes[4 * at : 4 * to],
            ],
        )


def _parts(docs, weights, at_docs, at) -> list[np.ndarray]:
    # Documents as gaps, positions as gaps within each document (both small numbers, so they
    # compress well), and how many positions each document has.
    doc_gaps = np.diff(docs, prepend=0).astype(np.uint32)
    starts = np.flatnonzero(np.diff(at_docs, prepend=-1)) if len(at_docs) else _EMPTY
    sizes = np.diff(np.append(starts, len(at_docs))).astype(np.uint32)
    position_gaps = np.diff(at, prepend=0)
    position_gaps[starts] = at[starts]
    return [doc_gaps, weights.astype(np.float32), sizes, position_gaps.astype(np.uint32)]
    # (in the order of DTYPES)
