"""The size limits readers enforce, so one hostile or broken file cannot exhaust memory or time.

Plain constants and the wording of the reasons given when a limit is hit; no reading here.
"""

from __future__ import annotations

# A .txt or .html file is one report and is read whole: larger files are skipped unopened. (A
# saved page with inline images and scripts can be several megabytes; its text never is.)
MAX_PAGE_BYTES = 16 * 1024 * 1024
# The headline and text of one report, after reading. A long news report is some 50,000
# characters; a million is a book, and would make every search that shows it slow.
MAX_REPORT_CHARS = 1_000_000
# One line of JSON Lines, or one CSV cell, as read: larger than MAX_REPORT_CHARS because JSON
# may escape each non-ASCII letter as six characters (\u0627). CSV and JSON exports have no size
# limit as a whole: they are read a line (or an item) at a time.
MAX_RECORD_CHARS = 8_000_000
# The longest report id taken from an id column; longer ones are not usable in a link.
MAX_ID_CHARS = 512


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def too_large_file(size: int) -> str:
    return (
        f"file too large for one report ({megabytes(size)}; the limit is "
        f"{megabytes(MAX_PAGE_BYTES)})"
    )


def too_long_report(chars: int) -> str:
    return f"report text too long ({chars:,} characters; the limit is {MAX_REPORT_CHARS:,})"


def too_long_record(what: str) -> str:
    return f"{what} longer than {MAX_RECORD_CHARS:,} characters: not read"
