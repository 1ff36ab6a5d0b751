"""Report text as markup: escaped text with the query's words in <mark> and the evidence sentence of
each facet value in <span class="evidence">, properly nested. Pure: text, terms and evidence in,
Markup out; every slice of report text is escaped here, nothing else becomes markup.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from markupsafe import Markup, escape

from searchapp.highlight import Wanted, marked_tokens

# Evidence keys as stored by indexer.schema.to_document -> the data-kind shown on the page.
KINDS = {
    "cities": "city",
    "actors": "actor",
    "death_toll": "toll",
    "published": "date",
    "perpetrator": "perpetrator",
}
KIND_LABELS = {
    "city": "City",
    "actor": "Actor",
    "toll": "Death toll",
    "date": "Date",
    "perpetrator": "Held responsible",
}
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class EvidenceItem:
    """One facet value with the sentence it was read from, and the page anchor for that sentence."""

    kind: str
    value: str
    text: str
    anchor: str

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]}: {self.value}"


@dataclass(frozen=True)
class Placed:
    """An evidence item found in a text, at characters [start, end)."""

    item: EvidenceItem
    start: int
    end: int


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


def evidence_items(evidence: dict) -> list[EvidenceItem]:
    """The stored evidence as items with unique anchors (ev-city-aleppo, ev-toll, ...)."""
    items: list[EvidenceItem] = []
    used: set[str] = set()
    for key, kind in KINDS.items():
        entries = evidence.get(key) or []
        single = isinstance(entries, dict)
        for entry in [entries] if single else entries:
            text, value = entry.get("text"), entry.get("value")
            if not text or value is None:
                continue
            anchor = f"ev-{kind}" if single else f"ev-{kind}-{_slug(str(value))}"
            base, n = anchor, 2
            while anchor in used:  # two values with one slug ("Al-Bab", "al Bab")
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            items.append(EvidenceItem(kind, str(value), text, anchor))
    return items


def _collapsed(text: str) -> tuple[str, list[int]]:
    """`text` with every whitespace run as one space, and where each kept character was."""
    chars: list[str] = []
    where: list[int] = []
    for match in re.finditer(r"\s+|\S+", text):
        if match.group()[0].isspace():
            chars.append(" ")
            where.append(match.start())
        else:
            chars.append(match.group())
            where.extend(range(match.start(), match.end()))
    return "".join(chars), where


def locate(text: str, sentence: str) -> tuple[int, int] | None:
    """Where `sentence` is in `text`, whitespace differences allowed; None when it is not there."""
    sentence = " ".join(sentence.split())
    if not sentence:
        return None
    start = text.find(sentence)
    if start >= 0:
        return start, start + len(sentence)
    collapsed, where = _collapsed(text)
    start = collapsed.find(sentence)
    if start < 0:
        return None
    return where[start], where[start + len(sentence) - 1] + 1


def place_evidence(
    title: str, body: str, items: list[EvidenceItem]
) -> tuple[list[Placed], list[Placed]]:
    """The items found in the headline and in the body. The extractors read the headline as a
    sentence of its own, so a sentence equal to it is the headline's; the rest are looked for in
    the body. Items found nowhere (metadata) are left out."""
    in_title: list[Placed] = []
    in_body: list[Placed] = []
    headline = " ".join(title.split())
    for item in items:
        if headline and " ".join(item.text.split()) == headline:
            span = locate(title, item.text)
            in_title.append(Placed(item, *span))
        elif span := locate(body, item.text):
            in_body.append(Placed(item, *span))
        elif span := locate(title, item.text):
            in_title.append(Placed(item, *span))
    return in_title, in_body


def matched_ranges(text: str, wanted: Wanted | frozenset[str], analyzer) -> list[tuple[int, int]]:
    """The character ranges of the words of `text` that `wanted` marks (a set of words stands
    for those words alone), as the results' snippets mark them (same analyzer, same matching)."""
    if isinstance(wanted, frozenset):
        wanted = Wanted(words=wanted)
    if not wanted or not text:
        return []
    tokens = analyzer(text, chars=True, mode="query", removestops=False)
    return [(t.startchar, t.endchar) for t in marked_tokens(tokens, wanted) if t.matched]


class _Element:
    """An element to wrap around a range of the text; may be cut into pieces to keep nesting."""

    __slots__ = ("start", "end", "order", "mark_id", "placed", "opened")

    def __init__(self, start, end, order, mark_id=None, placed=None):
        self.start, self.end, self.order = start, end, order
        self.mark_id, self.placed, self.opened = mark_id, placed, False

    @property
    def is_mark(self) -> bool:
        return self.placed is None

    def open_tag(self) -> str:
        first, self.opened = not self.opened, True
        if self.is_mark:
            return f'<mark id="{self.mark_id}">' if self.mark_id and first else "<mark>"
        item = self.placed.item
        anchor = f' id="{escape(item.anchor)}"' if first else ""
        return (
            f'<span class="evidence" data-kind="{item.kind}"{anchor} title="{escape(item.label)}">'
        )

    def close_tag(self) -> str:
        return "</mark>" if self.is_mark else "</span>"


def _snapped(placed: Placed, marks: list[tuple[int, int]], starts: list[int]) -> tuple[int, int]:
    """The evidence range widened so that no marked word is cut by its edges (`marks` sorted,
    `starts` their starts)."""

    def word_across(edge: int) -> tuple[int, int] | None:
        k = bisect_right(starts, edge) - 1  # the last word starting at or before the edge
        return marks[k] if k >= 0 and marks[k][0] < edge < marks[k][1] else None

    start, end = placed.start, placed.end
    if word := word_across(start):
        start = word[0]
    if word := word_across(end):
        end = word[1]
    return start, end


def _paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph (split on blank lines, surrounding whitespace trimmed)."""
    ranges = []
    start = 0
    while start <= len(text):
        cut = text.find(PARAGRAPH_BREAK, start)
        end = len(text) if cut < 0 else cut
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            ranges.append((start + lead, start + len(chunk.rstrip())))
        if cut < 0:
            break
        start = cut + len(PARAGRAPH_BREAK)
    return ranges


def _render_range(text: str, start: int, end: int, inside: list[_Element]) -> str:
    """text[start:end] escaped, with the `inside` elements (clipped to it) as well-nested tags.
    Where two ranges overlap without nesting, the inner one is closed and reopened around the
    boundary."""
    opening: dict[int, list[_Element]] = {}
    for element in inside:
        opening.setdefault(max(element.start, start), []).append(element)
    bounds = sorted({start, end} | set(opening) | {min(e.end, end) for e in inside})
    out: list[str] = []
    stack: list[_Element] = []
    for index, here in enumerate(bounds):
        depth = next((k for k, e in enumerate(stack) if min(e.end, end) <= here), None)
        reopen: list[_Element] = []
        if depth is not None:
            out.extend(e.close_tag() for e in reversed(stack[depth:]))
            reopen = [e for e in stack[depth:] if min(e.end, end) > here]
            del stack[depth:]
        if here == end:
            break
        # Longest first so ranges nest; marks innermost so a marked word is never cut.
        starting = reopen + opening.get(here, [])
        for element in sorted(starting, key=lambda e: (e.is_mark, -e.end, e.order)):
            out.append(element.open_tag())
            stack.append(element)
        out.append(str(escape(text[here : bounds[index + 1]])))
    return "".join(out)


def render(
    text: str, marks: list[tuple[int, int]], placed: list[Placed], number_marks: bool
) -> list[Markup]:
    """The paragraphs of `text` as Markup: marks (ids m1, m2, ... when `number_marks`) and evidence
    spans (the anchor on the first piece of each), everything else escaped."""
    marks = sorted(marks)
    mark_elements = [
        _Element(s, e, n, mark_id=f"m{n + 1}" if number_marks else None)
        for n, (s, e) in enumerate(marks)
    ]
    mark_starts = [s for s, _ in marks]
    spans = []
    for n, item in enumerate(placed):
        start, end = _snapped(item, marks, mark_starts)
        if end > start:
            spans.append(_Element(start, end, n, placed=item))
    paragraphs = []
    for start, end in _paragraph_ranges(text):
        # A word never spans a paragraph break, so its mark is found by where it starts; the
        # few evidence sentences are checked one by one.
        inside = [e for e in spans if e.start < end and e.end > start]
        inside += mark_elements[bisect_left(mark_starts, start) : bisect_left(mark_starts, end)]
        paragraphs.append(Markup(_render_range(text, start, end, inside)))
    return paragraphs
