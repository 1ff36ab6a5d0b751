"""Validating a search request's parameters at the edge: query string in, SearchRequest out.

Raises BadParameter with a message a person can act on; knows nothing of Whoosh or HTML.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from indexer.schema import FACETS

SORTS = ("relevance", "newest", "oldest", "toll")
# What the timeline's bars measure.
CHARTS = ("reports", "deaths")
DEFAULT_CHART = "reports"
# A facet value written with this prefix in the URL is excluded ("actor=-Islamic State").
EXCLUDE_PREFIX = "-"
# A value that itself begins with the prefix or with this mark is written with the mark in
# front, so it is taken as it is: "source=\-" selects the source "-", "source=-\-" excludes it.
LITERAL_MARK = "\\"

MAX_QUERY_LENGTH = 1000
# Each word is a posting list to read (twice: headline and text); past a hundred a query is a
# pasted paragraph or an attack, and the first reading of common words costs seconds.
MAX_QUERY_WORDS = 100
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
# Deeper pages cost a full sort of everything before them; nobody reads page 1,000.
MAX_PAGE = 1000
MAX_VALUES_PER_FACET = 50
MAX_VALUE_LENGTH = 200


class BadParameter(ValueError):
    """A request parameter is invalid; `status` is the HTTP status to answer with."""

    def __init__(self, param: str, message: str, status: int = 400):
        super().__init__(message)
        self.param = param
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    excluded: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "newest"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    chart: str = DEFAULT_CHART

    @property
    def sort_is_default(self) -> bool:
        return self.sort == default_sort(self.q)


def default_sort(q: str) -> str:
    """Relevance when there are words to rank by; otherwise newest first."""
    return "relevance" if q.strip() else "newest"


# A word of the query, with the colon that makes it a field name ("city:") when there is one.
_QUERY_WORD = re.compile(r"\w+:?", re.UNICODE)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def query_words(q: str) -> int:
    """How many words `q` searches for: operators and field names do not count."""
    return sum(
        1 for word in _QUERY_WORD.findall(q) if not word.endswith(":") and word not in _OPERATORS
    )


def _int(args, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a whole number, not {raw[:40]!r}") from None
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be between {low} and {high}, not {value}")
    return value


def _date(args, name: str) -> dt.date | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            name, f"{name} must be a date written YYYY-MM-DD, not {raw[:40]!r}"
        ) from None


def facet_arg(value: str, excluded: bool = False) -> str:
    """How a facet value is written in a URL, selected or excluded (read by _facet_values)."""
    if value.startswith((EXCLUDE_PREFIX, LITERAL_MARK)):
        value = LITERAL_MARK + value
    return EXCLUDE_PREFIX + value if excluded else value


def _facet_values(args, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The values selected for facet `name`, and the values excluded ("-value"); a value
    written with LITERAL_MARK in front is the rest as it is ("\\-" is the value "-")."""
    chosen: list[str] = []
    excluded: list[str] = []
    for raw in args.getlist(name):
        value = raw.strip()
        target = chosen
        if value.startswith(EXCLUDE_PREFIX):
            value, target = value[len(EXCLUDE_PREFIX) :].strip(), excluded
        if value.startswith(LITERAL_MARK):
            value = value[len(LITERAL_MARK) :]
        if not value or value in target:
            continue
        if len(value) > MAX_VALUE_LENGTH:
            raise BadParameter(name, f"a {name} value is longer than {MAX_VALUE_LENGTH} characters")
        target.append(value)
    if len(chosen) + len(excluded) > MAX_VALUES_PER_FACET:
        raise BadParameter(name, f"at most {MAX_VALUES_PER_FACET} {name} values can be selected")
    both = set(chosen) & set(excluded)
    if both:
        raise BadParameter(
            name, f"{name} {sorted(both)[0]!r} is both selected and excluded; choose one"
        )
    return tuple(chosen), tuple(excluded)


def parse_search_args(args) -> SearchRequest:
    """Build a SearchRequest from a MultiDict of query-string arguments, or raise BadParameter."""
    q = args.get("q", "")
    if len(q) > MAX_QUERY_LENGTH:
        raise BadParameter(
            "q", f"the query is longer than {MAX_QUERY_LENGTH} characters; shorten it", 413
        )
    # Control characters (NUL, escapes, bells) are never part of a word; they become spaces.
    q = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in q).split())
    words = query_words(q)
    if words > MAX_QUERY_WORDS:
        raise BadParameter(
            "q",
            f"the query has {words} words; at most {MAX_QUERY_WORDS} can be searched at once, "
            "so leave some out",
        )
    sort = args.get("sort", "").strip() or default_sort(q)
    if sort not in SORTS:
        raise BadParameter("sort", f"sort must be one of {', '.join(SORTS)}, not {sort[:40]!r}")
    chart = args.get("chart", "").strip() or DEFAULT_CHART
    if chart not in CHARTS:
        raise BadParameter("chart", f"chart must be one of {', '.join(CHARTS)}, not {chart[:40]!r}")
    values = {name: _facet_values(args, name) for name in FACETS}
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise BadParameter("from", "the 'from' date is after the 'to' date")
    return SearchRequest(
        q=q,
        filters={name: chosen for name, (chosen, _) in values.items() if chosen},
        excluded={name: excluded for name, (_, excluded) in values.items() if excluded},
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=_int(args, "page", 1, 1, MAX_PAGE),
        per_page=_int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        chart=chart,
    )
