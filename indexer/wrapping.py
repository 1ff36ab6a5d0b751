"""Rejoining a report's hard-wrapped lines into sentences, the last step of cleaning
(indexer.clean). Pure text in, text out."""

from __future__ import annotations

import re

from indexer import noise

# A line holding only a date header ("Published 12 March 2016") ends its paragraph.
_DATE_HEADER_LINE = re.compile(
    r"(?:(?:Published|Posted on|Date of publication)\s+)?" + noise.DATE_HEADER + r"\.?"
)

_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*$|[\"'\u201d\u2019]{2}$")
_STARTS_CONTINUATION = re.compile(r"[a-z0-9(\[%$\u2013\u2014-]")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def rejoin_wrapped_lines(text: str) -> str:
    """Join hard-wrapped lines back into sentences and return paragraphs separated by one blank
    line. A line break stays a paragraph break after a sentence end or a date header."""
    paragraphs: list[str] = []
    blocks = [block.split("\n") for block in text.split("\n\n")]
    wrapped = _is_hard_wrapped(blocks)
    for lines in blocks:
        current = ""
        for line in (line.strip() for line in lines):
            if not line:
                continue
            if current and _continues(current, line, wrapped):
                glue = "" if current.endswith("-") and line[0].islower() else " "
                current = current + glue + line
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _is_hard_wrapped(blocks: list[list[str]]) -> bool:
    # Two mid-sentence breaks before a lower-case word show a text wrapped at a fixed width.
    breaks = 0
    for lines in blocks:
        for line, following in zip(lines, lines[1:], strict=False):
            line, following = line.strip(), following.strip()
            if line and following[:1].islower() and not _ENDS_SENTENCE.search(line):
                breaks += 1
                if breaks >= 2:
                    return True
    return False


def _continues(previous: str, line: str, wrapped: bool) -> bool:
    if _ENDS_SENTENCE.search(previous) or _DATE_HEADER_LINE.fullmatch(previous):
        return False
    if _STARTS_CONTINUATION.match(line) or previous.endswith((",", "-")):
        return True
    last_word = _LAST_WORD.search(previous)
    if last_word and last_word.group(1).lower() in noise.WRAP_TAIL_WORDS:
        return True
    return wrapped
