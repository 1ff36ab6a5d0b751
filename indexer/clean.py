"""Cleaning a report's text: one small pure function per kind of noise, and `clean_report`.

Pure text in, text out: no files, no clock, no index. A step must never drop an article sentence,
so each rule needs a whole line or an unmistakable phrase; doubtful text is left alone.
"""

from __future__ import annotations

import html
import re

from indexer import noise
from indexer.records import Cleaned
from indexer.wrapping import rejoin_wrapped_lines


def _one_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `patterns`, ignoring case; callers use fullmatch so a cue must fill its line."""
    return re.compile(r"(?:" + "|".join(patterns) + r")", re.IGNORECASE)


_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_ESCAPED_QUOTE = re.compile(r"\\+([\"'])")

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")

_LEADING_DATE = re.compile(
    r"(?:(?:Published|Posted on|Date of publication)\s+)?" + noise.DATE_HEADER + r"\s+"
)
_NEXT_TOKEN = re.compile(r"\s*(\S+)")
# After a repeated headline: the end, a line break, a new sentence or a date.
_HEADLINE_CLOSE = re.compile(
    r"[ \t]*[.!?:]?(?=\s*$|[ \t]*\n|\s+[\"'\u201c(]?[A-Z]|\s+" + noise.DATE_HEADER + ")"
)

_AGENCY = "|".join(sorted(map(re.escape, noise.AGENCIES), key=len, reverse=True))
_PLACE = r"[A-Z][A-Za-z'.-]+(?:,?[ \t]+[A-Z][A-Za-z'.-]+){0,3}"
_DATELINE_LINE = re.compile(
    rf"(?:{_PLACE}[ \t]*(?:[-\u2013\u2014]+|\((?=(?i:{_AGENCY})\)))[ \t]*)?"
    rf"\(?(?P<agency>(?i:{_AGENCY}))\)?"
)
_DATELINE_LEAD = re.compile(
    rf"{_PLACE}(?:,?[ \t]+[A-Z][a-z]{{2,8}}\.?[ \t]+\d{{1,2}})?[ \t]*"
    rf"\((?P<agency>(?i:{_AGENCY}))\)[ \t]*[-\u2013\u2014:]+[ \t]*"
)
_SIGNATURE = re.compile(
    rf"(?:(?<=[.!?\"'\u201d])[ \t]*|\n\s*)[-\u2013\u2014]{{1,2}}[ \t]*"
    rf"(?P<agency>(?i:{_AGENCY}))\.?\s*$"
)
# A signature ends the text: an ASCII text whose last word is no agency has none, and the
# signature pattern (tried at every character) need not look for one.
_SIGNATURE_ENDINGS = tuple(agency.lower() + stop for agency in noise.AGENCIES for stop in ("", "."))
_SIGNATURE_TAIL = max(map(len, _SIGNATURE_ENDINGS))

_COMMENT_STRONG = _one_of(noise.COMMENT_MARKERS_STRONG)
_COMMENT_WEAK = _one_of(noise.COMMENT_MARKERS_WEAK)
_COMMENTER = re.compile(noise.COMMENTER_HEADER)

_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_ARABIC_VERSION_LINE = _one_of(noise.ARABIC_VERSION_LINES)

_IMAGE_CODE = re.compile(noise.IMAGE_CODE)
_PHOTO_CREDIT_LINE = _one_of(noise.PHOTO_CREDIT_LINES)
_PHOTO_CREDIT_INLINE = re.compile(r"[ \t]*" + noise.PHOTO_CREDIT_INLINE, re.IGNORECASE)

_FURNITURE_LINE = _one_of(noise.FURNITURE_LINES)
_FURNITURE_SPANS = tuple((phrase, re.compile(pattern)) for phrase, pattern in noise.FURNITURE_SPANS)
_FURNITURE_LABELS = tuple(
    (phrase, re.compile(pattern)) for phrase, pattern in noise.FURNITURE_LABELS
)
_FURNITURE_TAIL = re.compile("(?:" + "|".join(noise.FURNITURE_TAILS) + ")", re.DOTALL)
_FURNITURE_ENDING = re.compile(r"\s+(?:" + "|".join(noise.FURNITURE_ENDINGS) + r")\s*$")
_INLINE_TAGS = re.compile(r"(?:(?<=\s)|^)Tags:?\s+(?=\S)", re.MULTILINE)
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def unescape_entities(text: str) -> str:
    """Turn HTML entities (&amp; &#39; &nbsp; ...) into characters, twice for double escaping."""
    for _ in range(2):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def unescape_quotes(text: str) -> str:
    """Remove the backslashes a database dump put before quotes: \\" -> " and \\' -> '."""
    if "\\" not in text:
        return text
    return _ESCAPED_QUOTE.sub(r"\1", text)


def normalise_whitespace(text: str) -> str:
    """Plain spaces and newlines only: no NBSP, zero-width or control characters, no tabs,
    single spaces, no spaces at line ends, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    # Each step is skipped when a check in C shows it has nothing to do (the same text, faster).
    if text.isascii():  # no zero-width or odd spaces but the tab
        text = text.replace("\t", " ")
    else:
        text = _ZERO_WIDTH.sub("", text)
        text = _ODD_SPACE.sub(" ", text)
    text = _CONTROL.sub("", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = _strip_lines(text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


def _strip_lines(text: str) -> str:
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def drop_repeated_headline(title: str, body: str) -> str:
    """Drop the headline when the body repeats it at the top, on its own line or run into the
    first sentence; a date header before it ("Sun 16 Apr 2017") is kept on its own line."""
    words = [word.casefold() for word in title.split()]
    if words:
        words[-1] = words[-1].rstrip(".!?:")
    words = [word for word in words if word]
    if not words:
        return body
    text = body.lstrip()
    date = _LEADING_DATE.match(text)
    rest = text[date.end() :] if date else text
    end = _repeated_headline_end(words, rest)
    if end is None or not rest[end:].strip():
        return body
    remainder = rest[end:].lstrip()
    return f"{date.group().strip()}\n{remainder}" if date else remainder


def _repeated_headline_end(words: list[str], text: str) -> int | None:
    position = 0
    for index, word in enumerate(words):
        token = _NEXT_TOKEN.match(text, position)
        if not token:
            return None
        found = token.group(1).casefold()
        if index == len(words) - 1:
            found = found.rstrip(".!?:")
        if found != word:
            return None
        position = token.end()
    closing = _HEADLINE_CLOSE.match(text, position)
    return closing.end() if closing else None


def split_dateline(text: str) -> tuple[str | None, str]:
    """Find an agency dateline and return (agency, text without it): a line such as
    "BEIRUT - Agence France-Presse", a lead such as "DAMASCUS (Reuters) -", or a closing
    "--Reuters" signature. Returns (None, text) when there is none."""
    lines = text.split("\n")
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > 3:
            break
        stripped = line.strip()
        whole = _DATELINE_LINE.fullmatch(stripped)
        if whole:
            del lines[index]
            return _agency_name(whole.group("agency")), "\n".join(lines).strip()
        lead = _DATELINE_LEAD.match(stripped)
        if lead:
            lines[index] = stripped[lead.end() :]
            return _agency_name(lead.group("agency")), "\n".join(lines).strip()
    signature = _signature(text)
    if signature:
        return _agency_name(signature.group("agency")), text[: signature.start()].rstrip()
    return None, text


def _signature(text: str) -> re.Match[str] | None:
    tail = text.rstrip()[-_SIGNATURE_TAIL:]
    if tail.isascii() and not tail.lower().endswith(_SIGNATURE_ENDINGS):
        return None
    return _SIGNATURE.search(text)


def _agency_name(spelling: str) -> str:
    return noise.AGENCIES[spelling.lower()]


def drop_comment_threads(text: str) -> str:
    """Cut a reader-comment section ("Comments 8", "Post a Comment", commenter lines such as
    "Thumb EagleDawn 03 May 2014, 17:56") and everything after it, when it follows the article.
    A marker line at the top of a page is removed alone; sentences mentioning comments stay."""
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    offset = 0
    first_line_seen = False
    for index, line in enumerate(stripped):
        line_start, offset = offset, offset + len(lines[index]) + 1
        if not line:
            continue
        if not first_line_seen:
            first_line_seen = True
            continue
        if len(line) > 80 or not _looks_like_comment_start(line):
            continue
        rest = [later for later in stripped[index + 1 :] if later]
        if _comment_section_follows(line, rest, line_start / max(len(text), 1)):
            return "\n".join(lines[:index]).rstrip()
    return "\n".join(line for line in lines if not _COMMENT_STRONG.fullmatch(line.strip()))


def _looks_like_comment_start(line: str) -> bool:
    return bool(
        _COMMENT_STRONG.fullmatch(line)
        or _COMMENT_WEAK.fullmatch(line)
        or _COMMENTER.fullmatch(line)
    )


def _comment_section_follows(marker: str, rest: list[str], position: float) -> bool:
    commenters = sum(1 for line in rest if _COMMENTER.fullmatch(line))
    if _COMMENTER.fullmatch(marker):
        return commenters >= 1
    if commenters or all(_looks_like_comment_start(line) for line in rest):
        return True
    if _COMMENT_STRONG.fullmatch(marker):
        # An opening marker with the article still to come is page furniture, not a thread.
        return position >= 0.3 or sum(map(len, rest)) < 400
    return False


def drop_language_links(text: str) -> str:
    """Drop a line linking to the Arabic edition ("إقرأ هذا الخبر بالعربية", "Read in Arabic")."""
    if not _ARABIC_LETTER.search(text) and "rabic" not in text:
        return text
    return "\n".join(line for line in text.split("\n") if not _is_language_link(line.strip()))


def _is_language_link(line: str) -> bool:
    arabic = len(_ARABIC_LETTER.findall(line))
    if arabic:
        letters = sum(char.isalpha() for char in line)
        return arabic * 2 > letters and any(cue in line for cue in noise.ARABIC_VERSION_CUES)
    return bool(_ARABIC_VERSION_LINE.fullmatch(line))


def drop_image_codes(text: str) -> str:
    """Drop stray image layout codes ("W460", "460x260") on a line of their own or at its end."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        kept, _, last = line.rstrip().rpartition(" ")
        if _IMAGE_CODE.fullmatch(last):
            lines[index] = kept.rstrip()
    return "\n".join(lines)


def drop_photo_credits(text: str) -> str:
    """Drop photo credit lines ("REUTERS Photo", "Photo: AFP") and "(AFP Photo)" in a line."""
    if "hoto" not in text and "HOTO" not in text:
        return text
    kept = [line for line in text.split("\n") if not _PHOTO_CREDIT_LINE.fullmatch(line.strip())]
    return _PHOTO_CREDIT_INLINE.sub("", "\n".join(kept))


def drop_furniture(text: str) -> str:
    """Drop scraped page furniture: lines such as "Share this", "Print", "Tags: ...", runs such
    as "Get short URL", "Tags ...", related-links tails; "Date of publication" loses its label
    but keeps its date so the date can still be read from the first line."""
    lines = [line for line in text.split("\n") if not _FURNITURE_LINE.fullmatch(line.strip())]
    text = "\n".join(lines)
    for phrase, label in _FURNITURE_LABELS:
        if phrase in text:
            text = label.sub("", text)
    for literal, span in _FURNITURE_SPANS:
        if literal in text:  # a plain substring test is far cheaper than a regex scan
            text = _SPACE_RUN.sub(" ", span.sub("", text))
    tail = _FURNITURE_TAIL.search(text)
    if tail:
        text = text[: tail.start()].rstrip()
    ending = _FURNITURE_ENDING.search(text, max(0, len(text) - 40))
    if ending:
        text = text[: ending.start()]
    return _strip_lines(_drop_inline_tags(text))


def _drop_inline_tags(text: str) -> str:
    if "Tags" not in text:
        return text
    position = 0
    while True:
        found = _INLINE_TAGS.search(text, position)
        if not found:
            return text
        length = _tag_list_length(text[found.end() :])
        end = found.end() + length
        if (
            length
            and text[end : end + 1] == "\n"
            and text[found.start() - 1 : found.start()] in "\n"
        ):
            end += 1  # the list filled its line: drop the line, not leave it blank
        if length:
            text = text[: found.start()] + text[end:].lstrip(" ")
            position = found.start()
        else:
            position = found.end()


def _tag_list_length(after: str) -> int:
    """How many characters of `after` belong to an inline tag list (0 when unsure)."""
    line_end = after.find("\n")
    line = after if line_end < 0 else after[:line_end]
    words = list(_WORD.finditer(line))
    if not words:
        return 0
    if len(words) <= noise.MAX_TAG_WORDS and not any(
        _SENTENCE_END.search(word.group()) for word in words
    ):
        return len(line)  # tags close the line: the whole rest is the list
    for index, word in enumerate(words[: noise.MAX_TAG_WORDS + 1]):
        token = word.group()
        if _SENTENCE_END.search(token) and not any(
            w.group() in noise.CLAUSE_WORDS for w in words[:index]
        ):
            return word.end()
        if token in noise.CLAUSE_WORDS:
            return _first_sentence_start(line, words, index)
    return 0


def _first_sentence_start(line: str, words: list[re.Match[str]], clause: int) -> int:
    start = next((i for i in range(clause - 1, -1, -1) if words[i].group()[0].isupper()), 0)
    # "Daesh The Islamic State launched": the sentence opens at the determiner before the name.
    for before in range(start - 1, max(start - 4, -1), -1):
        token = words[before].group()
        if token in noise.NAME_DETERMINERS:
            start = before
            break
        if not token[0].isupper():
            break
    while start > 0 and _opens_sentence(words[start - 1].group()):
        start -= 1
    return words[start].start() if start > 0 else 0


def _opens_sentence(token: str) -> bool:
    return token in noise.SENTENCE_OPENERS or token in noise.NUMBER_WORDS or token.isdigit()


def clean_report(title: str, body: str) -> Cleaned:
    """Run every cleaning step on a report and return its headline, body and dateline agency."""
    title = normalise_whitespace(unescape_quotes(unescape_entities(title)))
    title = " ".join(title.split())
    text = normalise_whitespace(unescape_quotes(unescape_entities(body)))
    text = drop_repeated_headline(title, text)
    text = drop_comment_threads(text)
    text = drop_language_links(text)
    text = drop_image_codes(text)
    text = drop_photo_credits(text)
    source, text = split_dateline(text)
    text = drop_furniture(text)
    text = rejoin_wrapped_lines(normalise_whitespace(text))
    return Cleaned(title=title, body=text, source=source)
