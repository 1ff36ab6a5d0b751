"""The pure pipeline: a raw report in, a cleaned report with its facets out."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.date_conventions import day_first_for
from indexer.pipeline import content_hash, process
from indexer.records import RawReport

TODAY = dt.date(2026, 11, 21)
BODY = "Published 03/04/2016\nShelling killed 4 people in Hama on Sunday."


@pytest.mark.parametrize(
    ("source", "published"),
    [
        ("SANA", dt.date(2016, 4, 3)),
        ("Associated Press", dt.date(2016, 3, 4)),
        ("Some Blog", None),  # convention unknown: no guess
        (None, None),
    ],
)
def test_ambiguous_numeric_dates_follow_the_outlets_convention(source, published):
    raw = RawReport(id="r", title="Shelling in Hama", body=BODY, path="r.csv", source=source)
    report = process(raw, TODAY)
    assert (report.published.value if report.published else None) == published


def test_metadata_dates_keep_their_own_convention_whatever_the_outlet():
    raw = RawReport(
        id="r",
        title="T",
        body="Shelling killed 4 people in Hama.",
        path="r.csv",
        source="sana",
        published="4/5/17",
    )
    assert process(raw, TODAY).published.value == dt.date(2017, 4, 5)


def test_day_first_for_is_case_insensitive():
    assert (day_first_for("Agence France-Presse"), day_first_for("cnn")) == (True, False)


def test_process_fills_every_facet_and_keeps_the_metadata_source():
    raw = RawReport(
        id="r",
        title="Regime air strikes kill 12 in Douma",
        body="BEIRUT - Agence France-Presse\nRegime air strikes killed 12 civilians in Douma.",
        path="r.txt",
        source="Levant Monitor",
        published="2016-04-16",
    )
    report = process(raw, TODAY)
    assert (report.source, report.source_evidence) == ("Levant Monitor", "metadata: source")
    from_dateline = process(RawReport(id="r", title=raw.title, body=raw.body, path="r.txt"), TODAY)
    assert from_dateline.source == "Agence France-Presse"
    assert from_dateline.source_evidence == "the report's dateline or signature"
    assert [e.value for e in report.cities] == ["Douma"]
    assert report.perpetrator.value == "Syrian government"
    assert (report.death_toll.value, report.published.value) == (12, dt.date(2016, 4, 16))
    assert (
        report.content_hash
        == content_hash(raw)
        != content_hash(RawReport(id="r", title=raw.title, body=raw.body + " ", path="r.txt"))
    )
