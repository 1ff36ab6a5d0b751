"""The SQLite FTS5 way of answering a search request, as a yardstick for the app's search layer.

Builds a database from a Whoosh index's stored fields (same reports, rowid = Whoosh document
number) and answers a SearchRequest the way Datasette does: one SQL statement for the count, one
GROUP BY per facet without its own filter, one for the page. Benchmark only: the app never uses it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.fields import KEYWORD

from indexer.schema import (
    BODY,
    CITIES,
    DEATH_TOLL,
    FACETS,
    PUBLISHED,
    SOURCE,
    TEXT_FIELDS,
    TITLE,
    split_list,
)
from searchapp.params import SearchRequest
from searchapp.queries import effective_sort
from searchapp.search import TIME_FACETS

TOKENIZE = "porter unicode61 remove_diacritics 2"
SNIPPET_TOKENS = 24
_SCHEMA_SQL = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE reports (
    rowid INTEGER PRIMARY KEY, title TEXT, body TEXT, date_sort INTEGER, toll_sort INTEGER,
    published TEXT, source TEXT, cities TEXT, death_toll INTEGER
);
CREATE VIRTUAL TABLE reports_fts USING fts5(
    title, body, content='reports', content_rowid='rowid', tokenize='{TOKENIZE}'
);
CREATE TABLE facets (doc INTEGER, facet TEXT, value TEXT);
"""
# Created after the rows go in, which is quicker than keeping them up to date row by row.
_INDEX_SQL = """
CREATE INDEX facets_by_value ON facets (facet, value, doc);
CREATE INDEX facets_by_doc ON facets (doc, facet);
CREATE INDEX reports_by_date ON reports (date_sort);
CREATE INDEX reports_by_toll ON reports (toll_sort);
"""
_ORDER = {
    "newest": "(r.date_sort > 0) DESC, r.date_sort DESC, r.rowid",
    "oldest": "(r.date_sort > 0) DESC, r.date_sort, r.rowid",
    "toll": "r.toll_sort DESC, (r.date_sort > 0) DESC, r.date_sort DESC, r.rowid",
}
_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}


def source_key(reader) -> str:
    """What identifies the index generation a database was built from."""
    return f"{reader.generation()}:{reader.doc_count_all()}:{reader.doc_count()}"


def build_database(searcher, db_path: Path) -> None:
    """Write the reports of `searcher`'s index to a new SQLite database at `db_path`."""
    reader = searcher.reader()
    partial = db_path.with_name(db_path.name + ".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.executescript(_SCHEMA_SQL)
        listed = {
            name: isinstance(reader.schema[fieldname], KEYWORD)
            for name, fieldname in FACETS.items()
        }
        rows, facet_rows = [], []
        for docnum, stored in reader.iter_docs():
            published, toll = stored.get(PUBLISHED), stored.get(DEATH_TOLL)
            rows.append(
                (
                    docnum,
                    stored.get(TITLE, ""),
                    stored.get(BODY, ""),
                    # The sort keys are not stored; they are made as schema.to_document makes them.
                    int(published.replace("-", "")) if published else 0,
                    toll if toll is not None else -1,
                    published,
                    stored.get(SOURCE),
                    stored.get(CITIES),
                    toll,
                )
            )
            for name, fieldname in FACETS.items():
                raw = stored.get(fieldname)
                values = split_list(raw) if listed[name] else ([raw] if raw else [])
                facet_rows += [(docnum, name, value) for value in values]
        connection.executemany("INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?)", rows)
        connection.executemany("INSERT INTO facets VALUES (?,?,?)", facet_rows)
        connection.execute(
            "INSERT INTO reports_fts (rowid, title, body) SELECT rowid, title, body FROM reports"
        )
        weights = ", ".join(str(TEXT_FIELDS[name]) for name in (TITLE, BODY))
        # The headline counts double, as in the app's BM25F (schema.TEXT_FIELDS).
        connection.execute(
            "INSERT INTO reports_fts (reports_fts, rank) VALUES ('rank', ?)", (f"bm25({weights})",)
        )
        connection.executescript(_INDEX_SQL)
        connection.execute("INSERT INTO meta VALUES ('source', ?)", (source_key(reader),))
        connection.commit()
        connection.execute("ANALYZE")
    finally:
        connection.close()
    os.replace(partial, db_path)


def ensure_database(searcher, db_path: Path) -> str:
    """Reuse the database at `db_path` when it was built from this index generation; else build
    it. Returns "reused" or "built"."""
    if db_path.exists():
        connection = sqlite3.connect(db_path)
        try:
            found = connection.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
        except sqlite3.DatabaseError:
            found = None
        finally:
            connection.close()
        if found and found[0] == source_key(searcher.reader()):
            return "reused"
    build_database(searcher, db_path)
    return "built"


def match_expression(q: str) -> str:
    """The FTS5 MATCH text for a query of words, quoted phrases, AND/OR/NOT and parentheses."""
    parts = []
    for token in _TOKEN.findall(q):
        if token in _OPERATORS or token in "()":
            parts.append(token)
        else:
            # Every word or phrase quoted, so no word is read as FTS5 syntax.
            parts.append('"' + token.strip('"').replace('"', " ") + '"')
    return " ".join(parts)


@dataclass
class Fts5Hit:
    rowid: int
    title: str
    snippet: str
    published: str | None
    source: str | None
    cities: str | None
    death_toll: int | None


@dataclass
class Fts5Results:
    total: int
    hits: list[Fts5Hit]
    facets: dict[str, dict[str, int]]
    timeline: dict[str, tuple[int, int]] = field(default_factory=dict)
    undated: int = 0


def _where(request: SearchRequest, match: str | None, without=(), dates=True):
    clauses, params = [], []
    if match:
        clauses.append("r.rowid IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)")
        params.append(match)
    for values, negate, name in [(v, "", n) for n, v in request.filters.items()] + [
        (v, "NOT ", n) for n, v in request.excluded.items()
    ]:
        if name in without:
            continue
        marks = ", ".join("?" * len(values))
        clauses.append(
            f"r.rowid {negate}IN (SELECT doc FROM facets WHERE facet = ? AND value IN ({marks}))"
        )
        params += [name, *values]
    if dates and (request.date_from or request.date_to):
        clauses.append("r.date_sort BETWEEN ? AND ?")
        low = int(request.date_from.strftime("%Y%m%d")) if request.date_from else 1
        high = int(request.date_to.strftime("%Y%m%d")) if request.date_to else 99_999_999
        params += [max(low, 1), high]
    return " AND ".join(clauses), params


class Fts5Search:
    """Answers SearchRequests from one open database connection."""

    def __init__(self, db_path: Path, cache_mb: int = 0):
        self.connection = sqlite3.connect(db_path, check_same_thread=False)
        if cache_mb:
            self.connection.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")

    def close(self) -> None:
        self.connection.close()

    def _rows(self, sql: str, params) -> list[tuple]:
        return self.connection.execute(sql, params).fetchall()

    def search(self, request: SearchRequest) -> Fts5Results:
        match = match_expression(request.q) if request.q else None
        where, params = _where(request, match)
        total = self._rows(
            "SELECT count(*) FROM reports r" + (f" WHERE {where}" if where else ""), params
        )[0][0]
        facets = {}
        for name in FACETS:
            own, own_params = _where(request, match, without=(name,))
            inner = f" AND doc IN (SELECT r.rowid FROM reports r WHERE {own})" if own else ""
            facets[name] = dict(
                self._rows(
                    f"SELECT value, count(*) FROM facets WHERE facet = ?{inner} GROUP BY value",
                    [name, *own_params],
                )
            )
        timeline, undated = self._timeline(request, match)
        return Fts5Results(total, self._page(request, match), facets, timeline, undated)

    def _timeline(self, request: SearchRequest, match: str | None):
        where, params = _where(request, match, without=TIME_FACETS, dates=False)
        rows = self._rows(
            "SELECT f.value, count(*), sum(max(r.toll_sort, 0)) FROM facets f "
            "JOIN reports r ON r.rowid = f.doc WHERE f.facet = 'month'"
            + (f" AND {where}" if where else "")
            + " GROUP BY f.value ORDER BY f.value",
            params,
        )
        undated = self._rows(
            "SELECT count(*) FROM reports r WHERE r.date_sort = 0"
            + (f" AND {where}" if where else ""),
            params,
        )[0][0]
        return {month: (count, int(deaths)) for month, count, deaths in rows}, undated

    def _page(self, request: SearchRequest, match: str | None) -> list[Fts5Hit]:
        sort = effective_sort(request)
        offset = (request.page - 1) * request.per_page
        limit = [request.per_page, offset]
        if match and sort == "relevance":
            # ORDER BY rank on the FTS5 table itself lets FTS5 sort by bm25 internally.
            others, params = _where(request, None)
            inside = (
                f" AND rowid IN (SELECT r.rowid FROM reports r WHERE {others})" if others else ""
            )
            ids = self._rows(
                f"SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?{inside} "
                "ORDER BY rank LIMIT ? OFFSET ?",
                [match, *params, *limit],
            )
        else:
            where, params = _where(request, match)
            ids = self._rows(
                "SELECT r.rowid FROM reports r"
                + (f" WHERE {where}" if where else "")
                + f" ORDER BY {_ORDER[sort]} LIMIT ? OFFSET ?",
                [*params, *limit],
            )
        ids = [row[0] for row in ids]
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        # Snippets only for the page's rows: in the ORDER BY query they would be made for every
        # match before the sort.
        if match:
            rows = self._rows(
                "SELECT reports_fts.rowid, highlight(reports_fts, 0, '<mark>', '</mark>'), "
                f"snippet(reports_fts, 1, '<mark>', '</mark>', '…', {SNIPPET_TOKENS}), "
                "r.published, r.source, r.cities, r.death_toll FROM reports_fts "
                "JOIN reports r ON r.rowid = reports_fts.rowid "
                f"WHERE reports_fts MATCH ? AND reports_fts.rowid IN ({marks})",
                [match, *ids],
            )
        else:
            rows = self._rows(
                "SELECT rowid, title, substr(body, 1, 300), published, source, cities, death_toll "
                f"FROM reports WHERE rowid IN ({marks})",
                ids,
            )
        by_id = {row[0]: Fts5Hit(*row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]
