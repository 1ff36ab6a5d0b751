"""Exporting a whole search result set as CSV or JSON Lines, streamed row by row up to EXPORT_CAP.

Rows come from the search layer's own query, filters and sort, so they are the reports the page
and the API list, in the same order. No query logic of its own, and no markup: snippets are text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, replace

from flask import Response, current_app, request, stream_with_context, url_for
from whoosh import highlight, searching

from indexer.schema import BODY
from searchapp.facts import read_facts
from searchapp.highlight import (
    SNIPPET_CHARS,
    Wanted,
    highlight_text,
    opening,
    snippet_highlighter,
)
from searchapp.index import IndexHandle
from searchapp.match_sets import Engine
from searchapp.params import DEFAULT_CHART, DEFAULT_PER_PAGE, SearchRequest
from searchapp.queries import effective_sort
from searchapp.search import bounded_query, highlight_words, ranked
from searchapp.urls import search_url

# The most rows one export holds (config key EXPORT_CAP overrides it). Past it, the first
# EXPORT_CAP rows in the request's sort order are exported and the response says it was cut.
EXPORT_CAP = 100_000
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
COLUMNS = (
    "id",
    "headline",
    "date",
    "source",
    "cities",
    "governorates",
    "actors",
    "perpetrator",
    "death_toll",
    "toll_approximate",
    "snippet",
    "report_url",
    "search_url",
)
CSV_LIST_SEPARATOR = "; "
# Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
UTF8_BOM = "\ufeff"
# Excel runs a cell starting with one of these as a formula, and report text is untrusted: in
# these free-text columns such a cell gets a leading apostrophe (ids and facet values are kept).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARDED_COLUMNS = frozenset({"headline", "source", "snippet"})
_LINE_BREAKERS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
MATCH_OPEN, MATCH_CLOSE = "«", "»"
FRAGMENT_JOIN = " … "
# Rows are sent in chunks of about this many characters: streamed, without a write per row.
CHUNK_CHARS = 32_000


class TextMarkFormatter(highlight.Formatter):
    """Plain-text highlighting: matched words wrapped in «», nothing escaped (it is not HTML)."""

    between = FRAGMENT_JOIN

    def format_token(self, text, token, replace=False):
        return f"{MATCH_OPEN}{highlight.get_text(text, token, replace)}{MATCH_CLOSE}"


# The page highlights each hit's whole text; an export does it for every row, and the cost is in
# re-analysing the text, so it looks at SCAN_CHARS of each: all of a shorter report, else a stretch
# from just before the first word that may match (found by a quick regular expression).
SCAN_CHARS = 3_000
_SCAN_LEAD = 100
# Past this many matched terms (a wide wildcard) the quick search is skipped: the head is scanned.
_MAX_FINDER_TERMS = 200


def match_finder(terms: Iterable[str]) -> re.Pattern | None:
    """A regex for where words with these index terms may start, or None.

    Terms are stemmed ("studi" for "studies"), so all but a long term's last letter is matched at
    a word start, in any case: it finds more than it should, never fewer (accents aside).
    """
    prefixes = {term[:-1] if len(term) > 3 else term for term in terms if term}
    if not prefixes or len(prefixes) > _MAX_FINDER_TERMS:
        return None
    ordered = sorted(prefixes, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + ")", re.IGNORECASE)


def scan_window(body: str, finder: re.Pattern | None) -> str:
    """The part of `body` to highlight: whole up to SCAN_CHARS, else around the first match."""
    if len(body) <= SCAN_CHARS:
        return body
    found = finder.search(body) if finder else None
    start = 0
    if found and found.start() > SCAN_CHARS - SNIPPET_CHARS:
        start = body.rfind(" ", 0, found.start() - _SCAN_LEAD) + 1  # at a word
    window = body[start : start + SCAN_CHARS]
    cut = window.rfind(" ") if start + SCAN_CHARS < len(body) else -1
    return window[:cut] if cut > 0 else window  # no half word at the end


@dataclass
class ExportRows:
    """An export's figures, known before the first row, and its rows (a lazy iterator)."""

    total: int
    cap: int
    rows: Generator[dict, None, None]

    @property
    def count(self) -> int:
        return min(self.total, self.cap)

    @property
    def truncated(self) -> bool:
        return self.total > self.cap


def _row(
    fields: dict,
    snippet: Callable[[str], str] | None,
    report_url: str,
    permalink: str,
) -> dict:
    facts = read_facts(fields)
    body = fields.get(BODY, "")
    text = snippet(body) if snippet is not None else ""
    return {
        "id": facts.id,
        "headline": facts.title,
        "date": facts.published,
        "source": facts.source,
        "cities": facts.cities,
        "governorates": facts.governorates,
        "actors": facts.actors,
        "perpetrator": facts.perpetrator,
        "death_toll": facts.death_toll,
        "toll_approximate": facts.toll_approximate,
        "snippet": text or opening(body),
        "report_url": report_url,
        "search_url": permalink,
    }


def _snippets(searcher: searching.Searcher, wanted: Wanted | None) -> Callable[[str], str] | None:
    """The page's snippet of a body, as plain text, looking only at SCAN_CHARS of it."""
    if not wanted:
        return None
    finder = match_finder(wanted.words | {word for phrase in wanted.phrases for word in phrase})
    highlighter = snippet_highlighter(TextMarkFormatter())
    analyzer = searcher.schema[BODY].analyzer

    def snippet(body: str) -> str:
        window = scan_window(body, finder)
        return " ".join(highlight_text(window, wanted, analyzer, highlighter, top=2).split())

    return snippet


def export_rows(
    searcher: searching.Searcher,
    search_request: SearchRequest,
    cap: int,
    report_url: Callable[[str], str],
    permalink: str,
    engine: Engine,
) -> ExportRows:
    """The reports matching `search_request` in its sort order, at most `cap` of them.

    Matched and ordered by the search layer itself (search.ranked: the same query, filters, sort
    and tie order as a page), so the rows are the page's hits continued to the end.
    `report_url(id)` gives each row's link; `engine` is the generation `searcher` reads.
    """
    user_query, _ = bounded_query(search_request.q, searcher.reader())
    words = engine.words(user_query)
    everything = words.mask & engine.filters(search_request)
    total = int(everything.sum())
    wanted = highlight_words(user_query, searcher.reader()).get(BODY) if search_request.q else None

    def rows() -> Generator[dict, None, None]:
        if not total or cap < 1:
            return
        sort = effective_sort(search_request)
        order = ranked(searcher, user_query, words, everything, engine, sort, 0, cap)
        snippet = _snippets(searcher, wanted)
        for docnum, _ in order:
            fields = searcher.stored_fields(docnum)
            yield _row(fields, snippet, report_url(read_facts(fields).id), permalink)

    return ExportRows(total=total, cap=cap, rows=rows())


def _csv_cell(column: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = CSV_LIST_SEPARATOR.join(value)
    text = str(value)
    guard = column in GUARDED_COLUMNS and text.startswith(FORMULA_STARTS)
    return "'" + text if guard else text


def csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """The CSV text: BOM and header row first, then the rows, in chunks of about CHUNK_CHARS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(column, row[column]) for column in COLUMNS])
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _one_line(encoded: str) -> str:
    # JSON leaves these unescaped, yet str.splitlines() and some readers break lines at them.
    return encoded.translate(_LINE_BREAKERS)


def jsonl_chunks(meta: dict, rows: Iterable[dict]) -> Iterator[str]:
    """The JSON Lines text: a {"_meta": ...} line first, then one object per row, chunked."""
    lines = [_one_line(json.dumps({"_meta": meta}, ensure_ascii=False))]
    size = 0
    for row in rows:
        line = _one_line(json.dumps(row, ensure_ascii=False))
        lines.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            yield "\n".join(lines) + "\n"
            lines, size = [], 0
    if lines:
        yield "\n".join(lines) + "\n"


def whole_search(search_request: SearchRequest) -> SearchRequest:
    """The request without paging or chart choice: what an export and its permalink stand for."""
    return replace(search_request, page=1, per_page=DEFAULT_PER_PAGE, chart=DEFAULT_CHART)


def _absolute(path: str) -> str:
    # url_for paths already carry the script root; host_url adds scheme and host.
    return request.host_url.rstrip("/") + path


class _Stream:
    """An export's body, owning its searcher until the body ends or the response is closed.

    The row generator goes first: its results hold views into the index's memory-mapped files,
    which would stay open if the searcher closed under them.
    """

    def __init__(self, searcher: searching.Searcher, rows: Generator[dict, None, None]):
        self.searcher: searching.Searcher | None = searcher
        self.rows: Generator[dict, None, None] | None = rows
        self.chunks: Iterator[str] = iter(())

    def __iter__(self) -> Iterator[str]:
        try:
            yield from self.chunks
        finally:
            self.close()

    def close(self) -> None:
        rows, searcher = self.rows, self.searcher
        self.rows = self.searcher = None
        self.chunks = iter(())
        if rows is not None:
            rows.close()
        if searcher is not None:
            searcher.close()


def export_response(
    handle: IndexHandle, search_request: SearchRequest, fmt: str, report_path: Callable[[str], str]
) -> Response:
    """A streamed CSV or JSON Lines response of the whole result set of `search_request`.

    It opens its own searcher: Flask tears down the request's one (flask.g) when the view returns,
    before the body streams. This one is closed when the body ends or the response is closed.
    """
    cap = int(current_app.config.get("EXPORT_CAP", EXPORT_CAP))
    permalink = _absolute(search_url(whole_search(search_request), path=url_for("search.index")))
    searcher = handle.open_searcher()
    try:
        export = export_rows(
            searcher,
            search_request,
            cap,
            lambda rid: _absolute(report_path(rid)),
            permalink,
            handle.engine(searcher),
        )
    except BaseException:
        searcher.close()
        raise
    stream = _Stream(searcher, export.rows)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    if fmt == "csv":
        stream.chunks = csv_chunks(export.rows)
    else:
        meta = {
            "search_url": permalink,
            "exported_at": now.isoformat().replace("+00:00", "Z"),
            "total": export.total,
            "rows": export.count,
            "cap": export.cap,
            "truncated": export.truncated,
        }
        stream.chunks = jsonl_chunks(meta, export.rows)
    response = Response(stream_with_context(iter(stream)), content_type=CONTENT_TYPES[fmt])
    response.call_on_close(stream.close)  # also when the client goes away before the body starts
    filename = f"archive-search-{now:%Y%m%d-%H%M%S}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Search-URL"] = permalink
    response.headers["X-Total-Count"] = str(export.total)
    response.headers["X-Export-Rows"] = str(export.count)
    response.headers["X-Export-Cap"] = str(export.cap)
    response.headers["X-Export-Truncated"] = "true" if export.truncated else "false"
    response.headers["Cache-Control"] = "no-store"
    return response
