"""A writer's postings, held per field and word until the segment is written.

Whoosh's posting pool keeps one tuple per posting, sorts them all (a Python tuple comparison per
step), spills sorted runs, merges them with a heap one posting at a time, and hands each posting
to the codec one call at a time. A writer adds its documents in order, so each word's postings
already arrive in document order: `TermPool` appends them to the word's own list, sorts only the
words when it spills or flushes, and `write_postings` gives Whoosh's W3 postings writer a block
(128 postings) at a time. The files written are Whoosh's own format; tests compare them with
what Whoosh writes. No index logic here: the writer decides what to add and when to flush.
"""

from __future__ import annotations

import errno
import heapq
import marshal
import struct
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PostingsWriter, _lenfield, byte_to_length
from whoosh.columns import NumericColumn
from whoosh.util import random_name

# Memory a posting and a new word take in the pool, roughly (bytes; measured with tracemalloc:
# list slots, the weight and value objects, the word's list and its dict entry).
POSTING_BYTES = 90
WORD_BYTES = 200
# Postings per compressed block of a run file.
RUN_BLOCK = 4000
# Run files merged at once; more are first merged in steps (each open run holds a block).
MAX_OPEN_RUNS = 64
_BLOCK_HEADER = struct.Struct("<I")

# A word's postings: one flat list, [docnum, weight, value, docnum, weight, value, ...].
Postings = list


class TermPool:
    """Postings by field and word, spilled to sorted, compressed run files past `limitmb`.

    `add((fieldname, word bytes, docnum, weight, value bytes))` takes what Whoosh's pool takes;
    `terms()` gives back every (fieldname, word, postings) in Whoosh's order (fields, then words,
    then documents).
    """

    def __init__(self, tempstore, limitmb: int = 128):
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.runs: list[str] = []
        self._fields: dict[str, dict[bytes, Postings]] = {}

    def add(self, item: tuple) -> None:
        """One posting, as Whoosh's pool takes it (merged segments, counted spelling words)."""
        fieldname, word, docnum, weight, value = item
        self.add_terms(fieldname, docnum, ((word, 0, weight, value),))
        self.spill_if_full()

    def add_terms(self, fieldname: str, docnum: int, items: Iterable[tuple]) -> int:
        """Add one document's postings of one field, (word, frequency, weight, value) each as a
        field's `index()` gives them; return the sum of the frequencies. The caller spills."""
        words = self._fields.get(fieldname)
        if words is None:
            words = self._fields[fieldname] = {}
        total = size = 0
        for word, frequency, weight, value in items:
            total += frequency
            postings = words.get(word)
            if postings is None:
                words[word] = [docnum, weight, value]
                size += WORD_BYTES + len(word)
            else:
                postings += (docnum, weight, value)
            size += POSTING_BYTES + len(value or b"")
        self.size += size
        return total

    def spill_if_full(self) -> None:
        if self.size > self.limit:
            self.spill()

    @staticmethod
    def _sorted(fields: dict[str, dict[bytes, Postings]]) -> Iterator[tuple[str, bytes, Postings]]:
        for fieldname in sorted(fields):
            words = fields[fieldname]
            for word in sorted(words):
                yield fieldname, word, words[word]

    def spill(self) -> None:
        """Write what is held to a new run file and start again from nothing."""
        if not self._fields:
            return
        self.runs.append(self._write_run(self._sorted(self._fields)))
        self._fields = {}
        self.size = 0

    def _write_run(self, entries: Iterable[tuple[str, bytes, Postings]]) -> str:
        name = f"{random_name()}.run"
        out = self.tempstore.create_file(name).raw_file()
        try:
            block: list = []
            held = 0
            for entry in entries:
                block.append(entry)
                held += len(entry[2])
                if held >= 3 * RUN_BLOCK:
                    _write_block(out, block)
                    block, held = [], 0
            if block:
                _write_block(out, block)
        finally:
            out.close()
        return name

    def _read_run(self, name: str) -> Iterator[tuple[str, bytes, Postings]]:
        f = self.tempstore.open_file(name).raw_file()
        try:
            while header := f.read(_BLOCK_HEADER.size):
                (length,) = _BLOCK_HEADER.unpack(header)
                data = f.read(length)
                if len(data) != length:
                    raise OSError(errno.EIO, f"sorted run {name} is truncated")
                yield from marshal.loads(zlib.decompress(data))
        finally:
            f.close()
        self.tempstore.delete_file(name)

    def terms(self) -> Iterator[tuple[str, bytes, Postings]]:
        """Every word's postings, in order, the runs and what is held merged; the pool is
        empty afterwards (its run files deleted as they are read)."""
        while len(self.runs) > MAX_OPEN_RUNS:  # merge the oldest runs into one, in order
            oldest, self.runs = self.runs[:MAX_OPEN_RUNS], self.runs[MAX_OPEN_RUNS:]
            self.runs.insert(0, self._write_run(self._merged([self._read_run(n) for n in oldest])))
        sources = [self._read_run(name) for name in self.runs]
        self.runs = []
        sources.append(self._sorted(self._fields))
        self._fields, self.size = {}, 0
        return self._merged(sources)

    @staticmethod
    def _merged(sources: list[Iterator]) -> Iterator[tuple[str, bytes, Postings]]:
        """One entry per word, the sources' postings concatenated in source order (older runs
        hold earlier documents), sorted by document when they were not."""

        def numbered(number: int, source: Iterator):  # ties go to the older source
            for fieldname, word, postings in source:
                yield fieldname, word, number, postings

        merged = heapq.merge(*(numbered(n, s) for n, s in enumerate(sources)))
        key = None
        parts: list[Postings] = []
        for fieldname, word, _number, postings in merged:
            if (fieldname, word) != key:
                if key is not None:
                    yield key[0], key[1], _in_document_order(parts)
                key, parts = (fieldname, word), []
            parts.append(postings)
        if key is not None:
            yield key[0], key[1], _in_document_order(parts)

    def cleanup(self) -> None:
        for name in self.runs:
            try:
                self.tempstore.delete_file(name)
            except OSError:
                pass
        self.runs = []
        self._fields, self.size = {}, 0


def _write_block(out, block: list) -> None:
    data = zlib.compress(marshal.dumps(block, 2), 1)
    out.write(_BLOCK_HEADER.pack(len(data)))
    out.write(data)


def _in_document_order(parts: list[Postings]) -> Postings:
    postings = parts[0] if len(parts) == 1 else list(chain.from_iterable(parts))
    docnums = postings[0::3]
    if docnums == sorted(docnums):
        return postings
    # Postings added out of order (a merged segment's, or the counted spelling words, all of
    # document 0): a stable sort by document, as Whoosh's pool gives them.
    order = sorted(range(len(docnums)), key=docnums.__getitem__)
    return [value for i in order for value in postings[3 * i : 3 * i + 3]]


def write_postings(fieldwriter, schema, lengths, terms: Iterable) -> None:
    """Write (fieldname, word, postings) in order through Whoosh's field writer, a block at a
    time; `lengths` is the segment's per-document reader (for the blocks' length bounds)."""
    fieldname = None
    codes: bytes | None = None
    for name, word, postings in terms:
        if name != fieldname:
            if fieldname is not None:
                fieldwriter.finish_field()
            fieldname = name
            fieldwriter.start_field(name, schema[name])
            codes = _length_codes(lengths, name)
        fieldwriter.start_term(word)
        writer = fieldwriter._postwriter
        if type(writer) is W3PostingsWriter and codes is not _UNKNOWN:
            _add_blocks(writer, postings, codes)
        else:  # Whoosh's own way, a posting at a time
            for i in range(0, len(postings), 3):
                docnum, weight, value = postings[i : i + 3]
                length = lengths.doc_field_length(docnum, name) if lengths is not None else 0
                fieldwriter.add(docnum, weight, value or b"", length)
        fieldwriter.finish_term()
    if fieldname is not None:
        fieldwriter.finish_field()


_UNKNOWN: bytes = object()  # type: ignore[assignment]  # a lengths column of a kind not read here


def _length_codes(lengths, fieldname: str) -> bytes | None:
    """The field's length byte per document (Whoosh's W3 lengths column, read whole), None
    when it keeps no lengths."""
    if lengths is None:
        return None
    read_column = getattr(lengths, "_cached_reader", None)
    if read_column is None:
        return _UNKNOWN
    column = read_column(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    codes = length_bytes(column)
    return _UNKNOWN if codes is None else codes


def length_bytes(column) -> bytes | None:
    """A W3 lengths column's one byte per document, read whole; None for any other column."""
    if type(column) is not NumericColumn.Reader or column._typecode != "B" or column._reverse:
        return None
    return column._dbfile.get(column._basepos, column._count)


def _add_blocks(writer: W3PostingsWriter, postings: Postings, codes: bytes | None) -> None:
    """What `add_posting` does for each posting, a block at a time: full blocks are written, the
    last one is left for `finish_postings` (so the file is the one Whoosh writes)."""
    docnums, weights, values = postings[0::3], postings[1::3], postings[2::3]
    limit = writer._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            writer._write_block()
        ids = docnums[start : start + limit]
        block_weights = weights[start : start + limit]
        writer._ids = array("I", ids)
        writer._weights = array("f", block_weights)
        writer._values = [v for v in values[start : start + limit] if v]
        writer._maxweight = max(0, max(block_weights))
        if codes is None:
            writer._minlength, writer._maxlength = None, 0
        else:
            found = itemgetter(*ids)(codes) if len(ids) > 1 else (codes[ids[0]],)
            shortest = min((c for c in found if c), default=0)
            writer._minlength = byte_to_length(shortest) if shortest else None
            longest = max(found)
            writer._maxlength = byte_to_length(longest) if longest else 0
