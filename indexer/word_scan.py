"""Finding a case-insensitive alternation that starts at a word, without trying it everywhere.

Python's regex engine tries a pattern at every position of a text. For the actor aliases (a
hundred alternatives, many led by "the" or "Syrian") that cost about 80 ns a character, the
largest single step of extraction. `WordStartScan` first finds, in the lower-cased text and
case-sensitively, the word starts followed by the first characters (up to six) that a match can
begin with, derived from the pattern itself, and tries the pattern only there. Non-ASCII text, whose
lower-casing may change its length, gets the whole pattern. The matches are the same either way;
tests compare them. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the regex parser's modules, used to derive the prefixes from a pattern
    import re._constants as _sre
    import re._parser as _sre_parse
except ImportError:  # Python 3.10 names them differently
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# How many leading characters the scan checks: six rules out "the", "their", "there", ... that
# three could not (aliases may start "the army"), and longer tries grow without gain.
SCAN_LENGTH = 6
# Stands for any whitespace character in a prefix (\s is six characters; six positions of it
# would make 6**6 prefixes).
_SPACE = "\x00"


def prefixes(items: list, length: int) -> set[str] | None:
    """The lower-case texts of `length` characters that a parsed pattern can start with (fewer
    where the pattern may end sooner), whitespace as _SPACE; None if any character could start
    it. A superset is always safe: the prefixes only decide where the pattern is tried."""
    if length == 0 or not items:
        return {""}
    (op, arg), rest = items[0], items[1:]
    options: list[tuple[set[str], list, int]] = []
    if op is _sre.LITERAL:
        options.append(({chr(arg).lower()}, rest, length - 1))
    elif op is _sre.IN:
        chars = set()
        for kind, value in arg:
            if kind is _sre.LITERAL:
                chars.add(chr(value).lower())
            elif kind is _sre.CATEGORY and value is _sre.CATEGORY_SPACE:
                chars.add(_SPACE)
            else:
                return None
        options.append((chars, rest, length - 1))
    elif op is _sre.SUBPATTERN:
        options.append(({""}, list(arg[-1]) + rest, length))
    elif op is _sre.BRANCH:
        options.extend(({""}, list(alternative) + rest, length) for alternative in arg[1])
    elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, sub = arg
        if low == 0:
            options.append(({""}, rest, length))
        if high is _sre.MAXREPEAT or high > 1:
            again = [(op, (max(low - 1, 0), high if high is _sre.MAXREPEAT else high - 1, sub))]
            options.append(({""}, list(sub) + again + rest, length))
        elif high == 1:
            options.append(({""}, list(sub) + rest, length))
    elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        options.append(({""}, rest, length))
    else:
        return None
    found: set[str] = set()
    for heads, tail_items, tail_length in options:
        tails = prefixes(tail_items, tail_length)
        if tails is None:
            return None
        found.update(head + tail for head in heads for tail in tails)
    return found


def trie(words: set[str]) -> str:
    """A pattern matching any of `words`, as a trie: "(?:a(?:l|me)|r(?:eb|us))" rather than
    "al|ame|reb|rus", so a failed first letter costs one test."""
    branches = []
    for head in sorted({word[0] for word in words}):
        tails = {word[1:] for word in words if word[0] == head}
        rest = trie(tails - {""}) if tails - {""} else ""
        if rest and "" in tails:
            rest = f"(?:{rest})?"
        branches.append((r"\s" if head == _SPACE else re.escape(head)) + rest)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def starts_lookahead(body: str, length: int) -> str:
    """A lookahead ruling out the places `body` (case-insensitive) cannot start, or "" when its
    starts cannot be told."""
    try:
        starts = prefixes(list(_sre_parse.parse(body, re.IGNORECASE)), length)
    except (re.error, RecursionError):
        return ""
    return f"(?={trie(starts)})" if starts and "" not in starts else ""


class WordStartScan:
    """The matches of `(?<![OUTSIDE])(?:body)`, case-insensitive, as finditer and search give
    them: a match starts where no character of `outside` (a character class's inside, by
    default word characters and hyphens) stands before it. `body` must not match an empty text.

    `pattern` is the whole pattern (with a three-character lookahead that makes Python skip most
    words); it is what non-ASCII text is matched with.
    """

    def __init__(self, body: str, outside: str = r"\w-"):
        self.body = body
        self.pattern = re.compile(
            rf"(?<![{outside}]){starts_lookahead(body, 3)}(?:{body})", re.IGNORECASE
        )
        # Not re.ASCII: on ASCII text it would still differ, as \s would miss \x1c-\x1f.
        self._match = re.compile(body, re.IGNORECASE).match
        lookahead = starts_lookahead(body, SCAN_LENGTH)
        # Run over " " + the lower-cased text: a candidate's match starts where the separator
        # before it stands in the padded text.
        scan = re.compile(f"[^{outside}]{lookahead}") if lookahead else None
        self._scan = scan.finditer if scan else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._scan is None or not text.isascii():
            return self.pattern.finditer(text)
        return iter(self._matches(text, first_only=False))

    def search(self, text: str) -> re.Match[str] | None:
        if self._scan is None or not text.isascii():
            return self.pattern.search(text)
        found = self._matches(text, first_only=True)
        return found[0] if found else None

    def _matches(self, text: str, first_only: bool) -> list[re.Match[str]]:
        found = []
        end = 0  # matches do not overlap: the next starts where the last ended, or later
        match = self._match
        for candidate in self._scan(" " + text.lower()):  # type: ignore[misc]
            start = candidate.start()
            if start >= end:
                at = match(text, start)
                if at is not None and at.end() > start:
                    found.append(at)
                    if first_only:
                        break
                    end = at.end()
        return found
