"""The pure middle of the indexer: a RawReport in, a cleaned Report with its facets out.

No files, no index and no clock: today's date is passed in, so a run is reproducible.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from indexer.actors import extract_actor_facets
from indexer.clean import clean_report
from indexer.date_conventions import day_first_for
from indexer.dates import extract_published
from indexer.places import extract_places
from indexer.records import RawReport, Report
from indexer.tolls import extract_death_toll


def content_hash(raw: RawReport) -> str:
    """A digest of everything a reader took from the file, to notice when a report changed."""
    digest = hashlib.sha1()
    for part in (raw.title, raw.body, raw.published, raw.source, raw.url):
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def process(raw: RawReport, today: dt.date) -> Report:
    """Clean a raw report and extract its facets."""
    cleaned = clean_report(raw.title, raw.body)
    title, body = cleaned.title, cleaned.body
    perpetrator, actors = extract_actor_facets(title, body)
    # The outlet named by the file's own metadata wins over an agency in a dateline.
    source = raw.source or cleaned.source
    source_evidence = "metadata: source" if raw.source else "the report's dateline or signature"
    return Report(
        id=raw.id,
        title=title,
        body=body,
        path=raw.path,
        row=raw.row,
        source=source,
        source_evidence=source_evidence if source else None,
        url=raw.url,
        published=extract_published(title, body, raw.published, today, day_first_for(source)),
        cities=tuple(extract_places(title, body)),
        actors=tuple(actors),
        perpetrator=perpetrator,
        death_toll=extract_death_toll(title, body),
        content_hash=content_hash(raw),
    )
