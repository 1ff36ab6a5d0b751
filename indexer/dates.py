"""Publication dates: from a metadata string, else from a full date in the report's header.

Pure functions of text and the `today` passed in (never the clock). A date is never guessed:
a weekday, a month or year alone, a relative phrase, a future or pre-1990 date gives no date.

Day-month order for numeric dates (documented choice):
- `day_first=True` reads 03/04/2016 as 3 April, `day_first=False` as March 4, for every separator.
- `day_first=None` (convention unknown): a date with a part above 12 has only one reading; an
  ambiguous dotted or dashed date (03.04.2016, 03-04-2016) is day-first, as those notations are;
  an ambiguous slashed date is month-first in metadata (spreadsheet and CSV exports, FA-KES's own
  m/d/yy column) and is not used at all in report text, where either reading could be meant.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from indexer.records import Dated
from indexer.word_scan import WordStartScan

EARLIEST = dt.date(1990, 1, 1)
HEADER_CHARS = 300  # how far into the body a header date may start

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Exact shapes only; each names its parts so one converter serves all of them.
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?![\d-])")
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)", re.IGNORECASE)
# The month-first shapes start with a word (\b: no word character before it); a WordStartScan
# tries them only at words that begin like a month, not at every character.
_MONTH_DAY_YEAR = WordStartScan(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", outside=r"\w")
# Scraped headers that lost the space (and comma) between day and year: "Apr 232017".
_MONTH_DAYYEAR = WordStartScan(rf"{_MONTH}\s+(?P<day>[0-3]\d){_YEAR}(?!\d)", outside=r"\w")
_NUMERIC = re.compile(
    r"(?<![\d.\-/])(?P<first>[0-3]?\d)(?P<sep>[./-])(?P<second>[01]?\d)(?P=sep)"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d.\-/])"
)
_NUMERIC_US_FIRST = re.compile(
    r"(?<![\d.\-/])(?P<first>[01]?\d)(?P<sep>/)(?P<second>[0-3]?\d)/"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d./])"
)
_NAMED_PATTERNS = (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_DAYYEAR)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def extract_published(
    title: str,
    body: str,
    metadata: str | None,
    today: dt.date,
    day_first: bool | None = None,
) -> Dated | None:
    """The publication date: metadata first, then a full date in the headline or the body's
    first HEADER_CHARS characters; None when neither gives one on or before `today`.

    `day_first` is the convention of the report's text (its outlet's); metadata follows its own
    (an export's slashed dates are read month first), so it is not applied there.
    """
    if metadata and metadata.strip():
        value = parse_metadata_date(metadata.strip(), today)
        if value is not None:
            return Dated(value, f"metadata: {metadata.strip()}")
    for text, limit in ((title or "", len(title or "")), (body or "", HEADER_CHARS)):
        found = _first_header_date(text, limit, today, day_first)
        if found is not None:
            return found
    return None


def parse_metadata_date(text: str, today: dt.date, day_first: bool | None = None) -> dt.date | None:
    """A date from a metadata value (ISO date or datetime, or a written date), or None."""
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        value = _first_date_in(text, len(text), today, day_first, in_metadata=True)
        if value is None:
            value = _dateparser_date(text, today, day_first)
    return value if value is not None and _plausible(value, today) else None


def _first_header_date(
    text: str, limit: int, today: dt.date, day_first: bool | None
) -> Dated | None:
    match_value = _first_match(text, limit, today, day_first, in_metadata=False)
    if match_value is None:
        return None
    match, value = match_value
    return Dated(value, _sentence_around(text, match.start(), match.end()))


def _first_date_in(
    text: str, limit: int, today: dt.date, day_first: bool | None, in_metadata: bool
) -> dt.date | None:
    found = _first_match(text, limit, today, day_first, in_metadata)
    return found[1] if found else None


def _first_match(
    text: str, limit: int, today: dt.date, day_first: bool | None, in_metadata: bool
) -> tuple[re.Match[str], dt.date] | None:
    """The earliest full date starting before `limit`, with its match."""
    region = text[: limit + 40]  # let a date that starts near the limit finish
    best: tuple[re.Match[str], dt.date] | None = None
    for pattern in _NAMED_PATTERNS:
        for match in pattern.finditer(region):
            if match.start() >= limit or (best and match.start() >= best[0].start()):
                break
            value = _named_date(match, today)
            if value is not None:
                best = (match, value)
                break
    for match in _NUMERIC.finditer(region):
        if match.start() >= limit or (best and match.start() >= best[0].start()):
            break
        value = _numeric_date(match, today, day_first, in_metadata)
        if value is not None:
            best = (match, value)
            break
    if best is None and day_first is not True and "/" in region:  # its only separator
        for match in _NUMERIC_US_FIRST.finditer(region):
            if match.start() >= limit:
                break
            value = _numeric_date(match, today, day_first, in_metadata)
            if value is not None:
                return match, value
    return best


def _named_date(match: re.Match[str], today: dt.date) -> dt.date | None:
    month = match.group("month").lower().rstrip(".")
    month_number = MONTHS.get(month) or int(month)
    return _make_date(int(match.group("year")), month_number, int(match.group("day")), today)


def _numeric_date(
    match: re.Match[str], today: dt.date, day_first: bool | None, in_metadata: bool
) -> dt.date | None:
    first, second = int(match.group("first")), int(match.group("second"))
    year_text = match.group("year")
    if len(year_text) == 2:
        if not in_metadata:
            return None  # "4/5/17" in running text is as likely a score or a reference
        year = 2000 + int(year_text) if int(year_text) < 90 else 1900 + int(year_text)
    else:
        year = int(year_text)
    slashed = match.group("sep") == "/"
    if day_first is None:
        if first > 12 or second > 12:
            day, month = (first, second) if first > 12 else (second, first)
        elif first == second or not slashed:
            day, month = first, second
        elif in_metadata:
            day, month = second, first
        else:
            return None
    else:
        day, month = (first, second) if day_first else (second, first)
    return _make_date(year, month, day, today)


def _make_date(year: int, month: int, day: int, today: dt.date) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if _plausible(value, today) else None


def _plausible(value: dt.date, today: dt.date) -> bool:
    return EARLIEST <= value <= today


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end], for the reader to see why."""
    left = 0
    for boundary in _SENTENCE_END.finditer(text, 0, start):
        left = boundary.end()
    after = _SENTENCE_END.search(text, end)
    right = after.end() if after else len(text)
    return text[left:right].strip()[:300]


def _dateparser_date(text: str, today: dt.date, day_first: bool | None) -> dt.date | None:
    """Last resort for metadata in other shapes; settings forbid inventing missing parts."""
    if not re.search(r"\d", text):
        return None
    parsed = _dateparser().parse(
        text,
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
            "DATE_ORDER": "DMY" if day_first or day_first is None else "MDY",
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        },
    )
    return parsed.date() if parsed else None


@lru_cache(maxsize=1)
def _dateparser():
    # Imported on first use: it is slow to import and most reports never need it.
    import dateparser

    return dateparser
