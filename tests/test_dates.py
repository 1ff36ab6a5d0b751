"""Publication-date extraction: metadata, header formats, day-month order, and non-dates."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from indexer import dates
from indexer.dates import extract_published
from indexer.records import Dated

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TODAY = dt.date(2024, 6, 1)
BODY = "Air strikes hit the eastern districts of the city on Sunday, a monitor said."


def published(title: str, body: str, metadata: str | None = None, **kwargs) -> dt.date | None:
    found = extract_published(title, body, metadata, TODAY, **kwargs)
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ("2017-04-16", dt.date(2017, 4, 16)),
        ("2017-04-16T09:30:00", dt.date(2017, 4, 16)),
        ("2017-04-16T09:30:00Z", dt.date(2017, 4, 16)),
        ("2017-04-16T23:30:00+03:00", dt.date(2017, 4, 16)),
        ("4/16/17", dt.date(2017, 4, 16)),
        ("16 April 2017", dt.date(2017, 4, 16)),
        ("April 16, 2017", dt.date(2017, 4, 16)),
        ("Sunday, 16 Apr 2017 10:12 GMT", dt.date(2017, 4, 16)),
        ("16-Apr-2017", dt.date(2017, 4, 16)),
        ("2017/04/16 09:30", dt.date(2017, 4, 16)),
    ],
)
def test_metadata_dates(metadata: str, expected: dt.date) -> None:
    assert extract_published("Headline", BODY, metadata, TODAY) == Dated(
        expected, f"metadata: {metadata}"
    )


def test_metadata_wins_over_text() -> None:
    assert published("Headline", "Sun 16 Apr 2017 " + BODY, "2017-04-18") == dt.date(2017, 4, 18)


@pytest.mark.parametrize(
    "metadata",
    ["not a date", "last year", "2 days ago", "April 2017", "2031-01-01", "1985-05-05", ""],
)
def test_unusable_metadata_falls_back_to_text(metadata: str) -> None:
    assert published("Headline", "Sun 16 Apr 2017 " + BODY, metadata) == dt.date(2017, 4, 16)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sun 16 Apr 2017 Death toll from Aleppo bomb attack rises. " + BODY, (2017, 4, 16)),
        ("Date of publication 4 October 2016 " + BODY, (2016, 10, 4)),
        ("April 16, 2017 " + BODY, (2017, 4, 16)),
        ("Posted on April 16 2017 by a staff writer. " + BODY, (2017, 4, 16)),
        ("Wed Feb 3 2016 At least 10 civilians were killed. " + BODY, (2016, 2, 3)),
        ("16/04/2017 " + BODY, (2017, 4, 16)),
        ("2017-04-16 " + BODY, (2017, 4, 16)),
        ("17-08-2013 17 killed as militants attack a town. " + BODY, (2013, 8, 17)),
        ("21.02.2015 At least four people were killed. " + BODY, (2015, 2, 21)),
        ("Last updated at Apr 232017 BEIRUT " + BODY, (2017, 4, 23)),
        ("Tuesday 19 Jul 2016 US-led strikes kill 56 civilians in Syria. " + BODY, (2016, 7, 19)),
        ("Friday 21 November 2014 10:13 35 civilians killed in raids. " + BODY, (2014, 11, 21)),
    ],
)
def test_header_formats(body: str, expected: tuple[int, int, int]) -> None:
    assert published("Headline", body) == dt.date(*expected)


def test_date_after_headline_in_header() -> None:
    body = "Air raids kill 11 civilians in east Syria Monitor AFP Friday 15 Jul 2016 " + BODY
    found = extract_published("Air raids kill 11 civilians", body, None, TODAY)
    assert found is not None and found.value == dt.date(2016, 7, 15)
    assert "Friday 15 Jul 2016" in found.text


def test_evidence_is_the_header_sentence() -> None:
    body = "Date of publication 4 October 2016. The bomber struck at noon."
    found = extract_published("Headline", body, None, TODAY)
    assert found == Dated(dt.date(2016, 10, 4), "Date of publication 4 October 2016.")


@pytest.mark.parametrize(
    ("day_first", "expected"),
    [(True, dt.date(2016, 4, 3)), (False, dt.date(2016, 3, 4))],
)
def test_ambiguous_numeric_date_follows_convention(day_first: bool, expected: dt.date) -> None:
    assert published("Headline", "03/04/2016 " + BODY, day_first=day_first) == expected


@pytest.mark.parametrize("day_first", [True, False, None])
def test_slashed_metadata_is_read_month_first_whatever_the_texts_convention(day_first) -> None:
    # An export's slashed dates (FA-KES: m/d/yy) keep their own order.
    assert published("Headline", BODY, "03/04/2016", day_first=day_first) == dt.date(2016, 3, 4)


def test_ambiguous_slashed_date_in_text_without_convention_is_not_used() -> None:
    assert published("Headline", "03/04/2016 " + BODY) is None


def test_unambiguous_slashed_date_without_convention() -> None:
    assert published("Headline", "16/04/2017 " + BODY) == dt.date(2017, 4, 16)
    assert published("Headline", "04/16/2017 " + BODY) == dt.date(2017, 4, 16)


@pytest.mark.parametrize(
    "body",
    [
        "On Sunday the army shelled the town. " + BODY,
        "Rebels lost the neighbourhood last year. " + BODY,
        "Two days ago the convoy left. Yesterday it arrived. " + BODY,
        "The siege began in March 2011. " + BODY,
        "The offensive began on 16 April. " + BODY,
        "The revolt started in 2011. " + BODY,
        "Published 16 April 2031 " + BODY,
        "Published 16 April 1989 " + BODY,
        "Published 31 February 2016 " + BODY,
    ],
)
def test_never_a_date(body: str) -> None:
    assert published("Headline", body) is None


def test_date_deep_in_text_is_ignored() -> None:
    body = BODY * 8 + " Comments: Thumb user 03 May 2014, 17:56 Great article."
    assert published("Headline", body) is None


def test_date_in_headline() -> None:
    assert published("Syria round-up, 16 April 2017", BODY) == dt.date(2017, 4, 16)


def test_raw_reports_are_undated() -> None:
    if not DATA.exists():
        pytest.skip("../shared/data is absent")
    paths = sorted((DATA / "raw-reports").glob("*.txt"))
    assert len(paths) == 5
    for path in paths:
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        assert extract_published(title, body, None, dt.date.today()) is None, path.name


def test_month_first_dates_are_found_as_their_plain_patterns_find_them():
    # The month-first shapes are tried only at words that begin like a month (WordStartScan);
    # on any text they must find what the plain "\b..." pattern finds, with the same parts.
    pieces = [
        "May", "may", "MAY", "Sept.", "September", "sept", "Jan", "January", "mayor", "5", "05",
        "31st", "2016", "1999", "232017", "2016x", ",", " ", "  ", "\n", "\x1c", "-", "of", "_",
        "\u00e9", "Marc",
    ]  # fmt: skip
    rng = random.Random(9)
    found = 0
    for scan in (dates._MONTH_DAY_YEAR, dates._MONTH_DAYYEAR):
        plain = re.compile(rf"\b(?:{scan.body})", re.IGNORECASE)
        for _ in range(4000):
            text = "".join(rng.choice(pieces) + rng.choice([" ", "", " "]) for _ in range(10))
            expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in scan.finditer(text)] == expected, text
            found += len(expected)
    assert found > 300
