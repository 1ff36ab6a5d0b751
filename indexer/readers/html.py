"""Reader for saved web pages: headline, article text, publication date and source from the HTML.

Keeps the article's paragraphs and drops page chrome (navigation, scripts, share bars, related
links, comments); it does not clean the text itself, which is the cleaner's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.dammit import EncodingDetector

from indexer.readers.encoding import decode, detect, scrub
from indexer.readers.errors import UnreadableFile
from indexer.readers.limits import MAX_REPORT_CHARS, too_long_report
from indexer.records import RawReport

# Elements that never hold article text.
_CHROME_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
)
# class/id words of page furniture inside the content area: any word starting with these...
_CHROME_PREFIXES = re.compile(
    r"(^|[\s_-])(shar(e|ing)|social|related|comment|navigation|navbar|menu|breadcrumb|sidebar"
    r"|advert|promo|newsletter|subscri|most-read|popular|outbrain|taboola|byline|cookie)",
    re.I,
)
# ...or equal to these whole words.
_CHROME_WORDS = re.compile(r"(^|[\s_-])(nav|footer|ads?|tags|print|respond)($|[\s_-])", re.I)
# Where the article usually lives, most specific first.
_CONTENT_SELECTORS = (
    "[itemprop=articleBody]",
    "article",
    "[role=main]",
    "main",
    ".article-body",
    ".story-body",
    ".entry-content",
    "#content",
)
_TITLE_META = ("og:title", "twitter:title")
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "sailthru.date",
)
# The strings get_text() counts (not comments, doctypes or the like).
_TEXT_TYPES = (NavigableString, CData)
# Tags parsed at most: a page of a million tiny tags would take gigabytes as a tree. A saved
# news page has a few thousand.
MAX_TAGS = 100_000
# <time> elements looked at for a date: the first few are the article's, if any is.
_MAX_TIMES = 20
_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")


def _meta(soup: BeautifulSoup, names: tuple[str, ...]) -> str | None:
    wanted = {name.lower(): rank for rank, name in enumerate(names)}
    best: tuple[int, str] | None = None
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        content = (tag.get("content") or "").strip()
        if key in wanted and content and (best is None or wanted[key] < best[0]):
            best = (wanted[key], content)
    return best[1] if best else None


def _headline(soup: BeautifulSoup) -> str | None:
    title = _meta(soup, _TITLE_META)
    if not title and soup.h1:
        title = soup.h1.get_text(" ", strip=True)
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    return title or None


def _published(soup: BeautifulSoup) -> str | None:
    date = _meta(soup, _DATE_META)
    if date:
        return date
    # A <time> often sits in the article's <header>, which is chrome for the body but not for
    # the date; one inside a comment or a related-links box dates something else.
    for time in soup.find_all("time", attrs={"datetime": True}, limit=_MAX_TIMES):
        inside_furniture = any(_is_furniture(parent) for parent in time.parents)
        if time["datetime"].strip() and not inside_furniture:
            return time["datetime"].strip()
    return None


def _source(soup: BeautifulSoup) -> str | None:
    name = _meta(soup, ("og:site_name", "application-name"))
    if name:
        return name
    canonical = soup.find("link", rel="canonical", href=True)
    url = canonical["href"] if canonical else _meta(soup, ("og:url",))
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _url(soup: BeautifulSoup) -> str | None:
    canonical = soup.find("link", rel="canonical", href=True)
    url = canonical["href"] if canonical else _meta(soup, ("og:url",))
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _is_furniture(tag: Tag) -> bool:
    names = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
    return bool(names) and bool(_CHROME_PREFIXES.search(names) or _CHROME_WORDS.search(names))


def _outermost(root: Tag, wanted: Callable[[Tag], bool]) -> list[Tag]:
    """The tags under `root` for which `wanted` holds, in document order, without looking inside
    them. One pass with a stack of its own: sloppy markup (a thousand unclosed <p>) nests deeply,
    and anything that walks up or down from every tag would take quadratic time on it."""
    found: list[Tag] = []
    stack = [child for child in reversed(root.contents) if isinstance(child, Tag)]
    while stack:
        tag = stack.pop()
        if wanted(tag):
            found.append(tag)
        else:
            stack.extend(child for child in reversed(tag.contents) if isinstance(child, Tag))
    return found


def _strip_chrome(root: Tag) -> None:
    for tag in _outermost(root, lambda tag: tag.name in _CHROME_TAGS or _is_furniture(tag)):
        tag.decompose()


def _text_lengths(root: Tag) -> dict[int, int]:
    """The length of each tag's text (as get_text() gives it), by id, for every tag under `root`:
    one pass, children before parents, however deep the nesting."""
    order, stack = [], [root]
    while stack:
        tag = stack.pop()
        order.append(tag)
        stack.extend(child for child in tag.contents if isinstance(child, Tag))
    lengths: dict[int, int] = {}
    for tag in reversed(order):
        lengths[id(tag)] = sum(
            lengths[id(child)] if isinstance(child, Tag) else len(child)
            for child in tag.contents
            if isinstance(child, Tag) or type(child) in _TEXT_TYPES
        )
    return lengths


def _content_root(soup: BeautifulSoup) -> Tag:
    lengths = _text_lengths(soup)

    def text_length(tag: Tag) -> int:
        return sum(lengths[id(p)] for p in _outermost(tag, lambda t: t.name == "p"))

    for selector in _CONTENT_SELECTORS:
        # A match inside another holds no more text than it, so only outermost ones compete.
        selected = {id(tag) for tag in soup.select(selector)}
        matches = _outermost(soup, lambda tag, selected=selected: id(tag) in selected)
        found = [tag for tag in matches if tag.find("p")]
        if found:
            return max(found, key=text_length)
    # No marked-up article: the element holding the most paragraph text.
    best, best_len = soup.body or soup, 0
    for candidate in soup.find_all(["div", "section", "td"]):
        length = sum(lengths[id(p)] for p in candidate.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = candidate, length
    return best


def _paragraphs(root: Tag) -> str:
    inside_block = root.find_parent(_BLOCKS) is not None
    blocks = [] if inside_block else _outermost(root, lambda tag: tag.name in _BLOCKS)
    if not blocks:
        return root.get_text("\n", strip=True)
    texts = (b.get_text(" ", strip=True) for b in blocks)
    return "\n\n".join(t for t in texts if t)


def _without_cut_tag(markup):
    # A page cut off inside a tag would end in that tag's source, which the parser keeps as
    # text ('<a href="http://x'): drop it.
    opening = markup.rfind("<" if isinstance(markup, str) else b"<")
    if opening > markup.rfind(">" if isinstance(markup, str) else b">"):
        return markup[:opening]
    return markup


def _soup(data: bytes, path: str) -> BeautifulSoup:
    # A page that declares its encoding is decoded by Beautiful Soup as declared; one that does
    # not is decoded like any text file (UTF-16 without a mark, Arabic code page ...).
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        raise UnreadableFile(path, f"too much markup ({tags:,} tags; the limit is {MAX_TAGS:,})")
    if EncodingDetector.find_declared_encoding(data, is_html=True):
        detect(data, path)  # raises for empty and binary files
        return BeautifulSoup(_without_cut_tag(data), "html.parser")
    return BeautifulSoup(_without_cut_tag(decode(data, path)), "html.parser")


def read_html(data: bytes, path: str) -> Iterator[RawReport]:
    """Yield the one report held in a saved web page's bytes."""
    soup = _soup(data, path)
    title = _headline(soup)
    published, source, url = _published(soup), _source(soup), _url(soup)
    # Chrome goes before the body is looked for, so a comment's <article> is never the report.
    _strip_chrome(soup.body or soup)
    body = _paragraphs(_content_root(soup))
    if not title:
        raise UnreadableFile(path, "no headline (no og:title, h1 or title)")
    if not body.strip():
        raise UnreadableFile(path, "no article text found")
    if len(title) + len(body) > MAX_REPORT_CHARS:
        raise UnreadableFile(path, too_long_report(len(title) + len(body)))
    yield RawReport(
        id=path,
        title=scrub(title),
        body=scrub(body),
        path=path,
        published=published and scrub(published),
        source=source and scrub(source),
        url=url and scrub(url),
    )
