"""A report's facts as the pages and the API show them, read from its stored fields.

One reader of stored fields, shared by search hits and the report page. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.schema import (
    ACTORS,
    CITIES,
    DEATH_TOLL,
    GOVERNORATES,
    ID_FIELD,
    PERPETRATOR,
    PUBLISHED,
    SOURCE,
    TITLE,
    TOLL_APPROXIMATE,
    TOLL_RANGE,
    URL,
    split_list,
)


@dataclass(frozen=True)
class ReportFacts:
    id: str
    title: str
    published: str | None
    source: str | None
    original_url: str | None
    cities: list[str]
    governorates: list[str]
    actors: list[str]
    perpetrator: str | None
    death_toll: int | None
    toll_approximate: bool
    toll_range: str


def read_facts(fields: dict) -> ReportFacts:
    """The facts of a report from its stored fields (missing ones read as empty)."""
    return ReportFacts(
        id=fields[ID_FIELD],
        title=fields.get(TITLE, ""),
        published=fields.get(PUBLISHED),
        source=fields.get(SOURCE) or None,
        original_url=fields.get(URL) or None,
        cities=split_list(fields.get(CITIES)),
        governorates=split_list(fields.get(GOVERNORATES)),
        actors=split_list(fields.get(ACTORS)),
        perpetrator=fields.get(PERPETRATOR),
        death_toll=fields.get(DEATH_TOLL),
        toll_approximate=bool(fields.get(TOLL_APPROXIMATE)),
        toll_range=fields.get(TOLL_RANGE, ""),
    )
