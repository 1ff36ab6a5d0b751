"""Reader for saved web pages: headline, article text, publication date and source from the HTML.

Keeps the article's paragraphs and drops page chrome (navigation, scripts, share bars, related
links, comments); it does not clean the text itself, which is the cleaner's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from indexer.readers.encoding import looks_binary
from indexer.readers.errors import UnreadableFile
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
    for time in soup.find_all("time", attrs={"datetime": True}):
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


def _strip_chrome(root: Tag) -> None:
    for tag in root.find_all(_CHROME_TAGS):
        tag.decompose()
    for tag in root.find_all(True):
        if not tag.decomposed and tag.attrs is not None and _is_furniture(tag):
            tag.decompose()


def _text_length(tag: Tag) -> int:
    return sum(len(p.get_text()) for p in tag.find_all("p"))


def _content_root(soup: BeautifulSoup) -> Tag:
    for selector in _CONTENT_SELECTORS:
        found = [tag for tag in soup.select(selector) if tag.find("p")]
        if found:
            return max(found, key=_text_length)
    # No marked-up article: the element holding the most paragraph text.
    best, best_len = soup.body or soup, 0
    for candidate in soup.find_all(["div", "section", "td"]):
        length = sum(len(p.get_text()) for p in candidate.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = candidate, length
    return best


def _paragraphs(root: Tag) -> str:
    blocks = [b for b in root.find_all(_BLOCKS) if not b.find_parent(_BLOCKS)]
    if not blocks:
        return root.get_text("\n", strip=True)
    texts = (b.get_text(" ", strip=True) for b in blocks)
    return "\n\n".join(t for t in texts if t)


def read_html(data: bytes, path: str) -> Iterator[RawReport]:
    """Yield the one report held in a saved web page's bytes."""
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    if looks_binary(data):
        raise UnreadableFile(path, "binary content, not HTML")
    soup = BeautifulSoup(data, "html.parser")
    title = _headline(soup)
    published, source, url = _published(soup), _source(soup), _url(soup)
    # Chrome goes before the body is looked for, so a comment's <article> is never the report.
    _strip_chrome(soup.body or soup)
    body = _paragraphs(_content_root(soup))
    if not title:
        raise UnreadableFile(path, "no headline (no og:title, h1 or title)")
    if not body.strip():
        raise UnreadableFile(path, "no article text found")
    yield RawReport(
        id=path, title=title, body=body, path=path, published=published, source=source, url=url
    )
