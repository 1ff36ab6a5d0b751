"""Tests for indexer.clean on real reports: the five raw saved reports and the FA-KES reports in
../shared/data (skipped when it is absent)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from indexer.clean import clean_report
from indexer.records import Cleaned

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


# --- the five raw reports in ../shared/data ---------------------------------------------------


def _raw(prefix: str) -> tuple[str, str]:
    if not DATA.is_dir():
        pytest.skip("../shared/data is absent")
    (path,) = sorted((DATA / "raw-reports").glob(f"{prefix}_*.txt"))
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return title, body


def _cleaned(prefix: str) -> Cleaned:
    return clean_report(*_raw(prefix))


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_raw_report_loses_its_repeated_headline(prefix):
    cleaned = _cleaned(prefix)
    assert not cleaned.body.lower().startswith(cleaned.title.lower()[:40])
    assert cleaned.title.lower()[:40] in _raw(prefix)[1].lower()[:300]


def test_raw_000_has_no_escaped_quotes():
    body = _cleaned("000").body
    assert '\\"' not in body and "\\'" not in body
    assert body.startswith("Syrian troops targeted countryside of Latakia")
    assert "Hezbollah's interference" in body


@pytest.mark.parametrize(
    ("prefix", "last_sentence", "comment_text"),
    [
        ("001", "have been killed in two years of fighting.", ["Post a Comment", "Comments"]),
        (
            "002",
            "forced nearly half the population to flee their homes.",
            ["Comments 8", "EagleDawn", "coolmec", "lebanon_first", "Kandahar", "03 May 2014"],
        ),
        (
            "004",
            "during the past two years.",
            ["Comments About This Article", "Please fill the fields below"],
        ),
    ],
)
def test_raw_report_loses_its_comment_thread(prefix, last_sentence, comment_text):
    body = _cleaned(prefix).body
    assert body.endswith(last_sentence)
    for text in comment_text:
        assert text not in body


def test_raw_002_loses_arabic_link_and_image_code():
    body = _cleaned("002").body
    assert not re.search("[\u0600-\u06ff]", body)
    assert "W460" not in body
    assert body.startswith("Talks on a rebel withdrawal")


def test_raw_003_dateline_becomes_the_source():
    cleaned = _cleaned("003")
    assert cleaned.source == "Agence France-Presse"
    assert "REUTERS Photo" not in cleaned.body
    assert "Agence France-Presse" not in cleaned.body
    assert cleaned.body.startswith("Regime forces Sunday pressed a fierce offensive")
    assert "\u00a0" not in cleaned.body


def test_raw_004_wrapped_sentences_are_rejoined():
    body = _cleaned("004").body
    assert (
        "pro-Assad's militia, said 200 fighters were killed since the beginning of the offensive"
        in body
    )
    assert "imminent withdrawal from Homs by the Free Syrian Army." in body
    assert "between 2,500 and 4,000 civilians were trapped" in body
    for paragraph in body.split("\n\n"):
        assert "\n" not in paragraph


def test_raw_reports_have_one_blank_line_between_paragraphs():
    for prefix in ["000", "001", "002", "003", "004"]:
        body = _cleaned(prefix).body
        assert "\n\n\n" not in body
        assert body == body.strip()


# --- FA-KES (fakes-dev.csv) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def fakes() -> list[tuple[dict[str, str], Cleaned]]:
    path = DATA / "fakes-dev.csv"
    if not path.is_file():
        pytest.skip("../shared/data is absent")
    with path.open(encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(row, clean_report(row["article_title"], row["article_content"])) for row in rows]


def test_fakes_cleaning_never_over_deletes(fakes):
    for row, cleaned in fakes:
        raw = row["article_content"]
        if len(raw) >= 300:
            assert len(cleaned.body) >= 0.6 * len(raw), row["unit_id"]


def test_fakes_furniture_is_removed(fakes):
    # How the furniture appears in the file: "18.10.2014Get short URL 0 13", "... said. Tags Syria
    # Idlib Ariha Assad war Government air raids ...", "Community standardsDiscussion Comment via".
    checked = {"Get short URL": 0, "Tags ": 0, "Date of publication": 0, "Community standards": 0}
    for row, cleaned in fakes:
        for furniture in checked:
            if furniture in row["article_content"]:
                checked[furniture] += 1
                assert furniture not in cleaned.body, (row["unit_id"], furniture)
    assert all(count >= 15 for count in checked.values()), checked


def test_fakes_publication_date_stays_first(fakes):
    seen = 0
    for row, cleaned in fakes:
        if row["article_content"].startswith("Date of publication"):
            seen += 1
            assert re.match(r"\d{1,2} [A-Z][a-z]+ \d{4}\b", cleaned.body), row["unit_id"]
    assert seen >= 40


def test_fakes_agency_signatures_become_the_source(fakes):
    signed = {
        row["unit_id"]: cleaned for row, cleaned in fakes if "--Reuters" in row["article_content"]
    }
    assert signed
    for cleaned in signed.values():
        assert cleaned.source == "Reuters"
        assert not cleaned.body.endswith("Reuters")
