"""Highlighting matched words with <mark>, through whoosh.highlight, escaping everything else.

Its output is escaped text plus <mark> tags (evidence_marks.py builds the report page's markup
the same way: escape every slice of text, then wrap).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from whoosh import highlight

SNIPPET_CHARS = 220
_FRAGMENT_JOIN = " … "


class MarkFormatter(highlight.Formatter):
    """Wraps each matched token in <mark>, escaping the text around and inside it."""

    between = _FRAGMENT_JOIN

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return str(escape(text))


@dataclass(frozen=True)
class Wanted:
    """What to mark in a text: words wherever they are, and phrases (indexed forms) only where
    their words follow each other, as the phrase query matched them."""

    words: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def __or__(self, other: Wanted) -> Wanted:
        return Wanted(self.words | other.words, self.phrases | other.phrases)


def marked_tokens(tokens, wanted: Wanted):
    """`tokens` with `matched` set: a wanted word, or a word of a wanted phrase where the whole
    phrase runs (stop words in between are skipped, as the index skips them)."""
    if not wanted.phrases:  # one pass, as whoosh.highlight.set_matched_filter does
        for token in tokens:
            token.matched = token.text in wanted.words and not getattr(token, "stopped", False)
            yield token
        return
    # A phrase needs what follows: keep copies (the analyzer reuses one token object).
    copies = [token.copy() for token in tokens]
    for token in copies:
        token.matched = token.text in wanted.words and not getattr(token, "stopped", False)
    words = [token for token in copies if not getattr(token, "stopped", False)]
    texts = [token.text for token in words]
    for phrase in wanted.phrases:
        size = len(phrase)
        for start in range(len(texts) - size + 1):
            if texts[start] == phrase[0] and tuple(texts[start : start + size]) == phrase:
                for token in words[start : start + size]:
                    token.matched = True
    yield from copies


def snippet_highlighter(formatter: highlight.Formatter | None = None) -> highlight.Highlighter:
    """Fragments around the matches, as the results show them (marked with <mark> by default)."""
    return highlight.Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70),
        formatter=formatter or MarkFormatter(),
    )


def whole_text_highlighter() -> highlight.Highlighter:
    return highlight.Highlighter(
        fragmenter=highlight.WholeFragmenter(charlimit=None), formatter=MarkFormatter()
    )


def opening(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The opening of `text` cut at a word boundary, as plain text (the snippet with no match)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return text


def plain_snippet(text: str, limit: int = SNIPPET_CHARS) -> Markup:
    """The opening of `text`, escaped: the snippet when nothing matched."""
    return escape(opening(text, limit))


def paragraphs(marked: str) -> list[Markup]:
    """Split highlighted text (already escaped) back into its paragraphs."""
    return [Markup(p.strip()) for p in marked.split("\n\n") if p.strip()]


def highlight_text(
    text: str, wanted: Wanted, analyzer, highlighter: highlight.Highlighter, top: int
) -> str:
    """`text` marked where `wanted` matches (see marked_tokens), cut into `highlighter`'s
    fragments: what Highlighter.highlight_hit does for a hit, without needing a Results object."""
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    tokens = highlighter._merge_matched_tokens(marked_tokens(tokens, wanted))
    fragments = highlighter.fragmenter.fragment_tokens(text, tokens)
    fragments = highlight.top_fragments(
        fragments, top, highlighter.scorer, highlighter.order, minscore=1
    )
    return highlighter.formatter.format(fragments)
