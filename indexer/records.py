"""The typed records that flow through the indexer: read -> clean -> extract -> write.

Plain frozen dataclasses only; no I/O and no behaviour beyond small derived values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawReport:
    """One report as a reader found it, before any cleaning."""

    id: str
    title: str
    body: str
    path: str  # file path relative to the indexed folder (or as given)
    row: int | None = None  # 1-based row/line for multi-report files
    published: str | None = None  # a date string from metadata, unparsed
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A facet value and the sentence (or metadata field) it was taken from."""

    value: str
    text: str


@dataclass(frozen=True)
class Toll:
    """A death toll: the number killed, whether the report hedged it, and where it came from."""

    value: int
    approximate: bool
    text: str


@dataclass(frozen=True)
class Dated:
    """A publication date and the text (or metadata field) it was read from."""

    value: dt.date
    text: str


@dataclass(frozen=True)
class Cleaned:
    """A report's text after cleaning; `source` is an agency found in a dateline, if any."""

    title: str
    body: str
    source: str | None = None


@dataclass(frozen=True)
class Report:
    """A cleaned report with its extracted facets: what the writer turns into a document."""

    id: str
    title: str
    body: str
    path: str
    row: int | None = None
    source: str | None = None
    # Where the source came from: the file's metadata or the report's dateline.
    source_evidence: str | None = None
    url: str | None = None
    published: Dated | None = None
    cities: tuple[Evidence, ...] = field(default_factory=tuple)
    actors: tuple[Evidence, ...] = field(default_factory=tuple)
    # The actor the report holds responsible for the deaths; None when it does not say.
    perpetrator: Evidence | None = None
    death_toll: Toll | None = None
    content_hash: str = ""
