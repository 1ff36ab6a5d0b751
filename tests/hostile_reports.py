"""A corpus of hostile reports for the security tests: markup, script, event handlers, javascript:
URLs, template syntax, direction overrides, zero-width characters and very long words, carried in
headlines, bodies, sources, URLs and ids of txt, html, csv and jsonl files. No tests here.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

# The payloads. Each alert names its origin, so a dialog that does open says which one leaked.
SCRIPT = "<script>alert('xss-script')</script>"
IMG_ONERROR = '<img src=x onerror=alert("xss-img")>'
SVG_ONLOAD = "<svg onload=alert('xss-svg')>"
HOSTILE_SOURCE = "<b onmouseover=alert(1)>x</b>"
TEMPLATE = "{{ 7*7 }}"
TEMPLATE_BLOCK = "{% for x in range(3) %}loop{% endfor %}"
TITLE_BREAKOUT = "</title><script>alert('xss-title')</script>"
ATTRIBUTE_BREAKOUT = "\"'><svg/onload=alert('xss-attr')>"
BROKEN_MARKUP = "<div><p>unclosed <b><i>crossed</b></i></div></div></p><!-- <a href=x>"
RLO = "\u202e"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060"
LONG_TOKEN = ("Ghouta" + "0123456789" * 999 + "Zz")[:10_000]
JS_URL = "javascript:alert('xss-url')"
JS_URL_CASED = "JaVaScRiPt:alert('xss-url-cased')"
DATA_URL = "data:text/html,<script>alert('xss-data')</script>"
VBSCRIPT_URL = "vbscript:msgbox('xss-vb')"
# An http URL is a link; the quote and the markup in it must stay inside the href.
QUOTED_HTTPS_URL = "https://example.org/news?a=1&b=\"><script>alert('xss-href')</script>"
FORMULA_TITLE = '=HYPERLINK("http://evil.example/","open me")'
FORMULA_SOURCE = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_ID = "jsonl/\"><img src=x onerror=alert('xss-id')>"

PAYLOADS = (SCRIPT, IMG_ONERROR, SVG_ONLOAD, HOSTILE_SOURCE, TITLE_BREAKOUT, ATTRIBUTE_BREAKOUT)
NOT_LINKS = (JS_URL, JS_URL_CASED, DATA_URL, VBSCRIPT_URL)


@dataclass(frozen=True)
class Hostile:
    """What one report carries, for the tests to look for: its id in the index, and the strings
    its headline, body and metadata must show literally."""

    id: str
    title: str
    in_body: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None
    dated: bool = True


TXT = {
    "txt/script-headline.txt": (
        f"{SCRIPT} Barrel bombs hit Aleppo market",
        f"ALEPPO, 3 March 2016 - At least 12 people were killed when government helicopters "
        f"dropped barrel bombs on a market in Aleppo. A leaflet read {IMG_ONERROR} and "
        f"{SVG_ONLOAD} in the rubble.",
    ),
    "txt/template-syntax.txt": (
        f"Shelling in Homs {TEMPLATE} {TEMPLATE_BLOCK}",
        f"HOMS, 14 June 2016 - Seven civilians were killed by shelling in Homs. Graffiti said "
        f"{TEMPLATE} and {TEMPLATE_BLOCK} and ${{7*7}} on the wall.",
    ),
    "txt/direction-override.txt": (
        f"Air strike in Idlib {RLO}gnp.exe{ZERO_WIDTH} kills five",
        f"IDLIB, 21 August 2016 - Five people were killed in an air strike on Idlib. "
        f"The file was named {RLO}txt.exe and a zero{ZERO_WIDTH}width word hid in it.",
    ),
    "txt/long-token.txt": (
        "Car bomb in Deir ez-Zor",
        f"DEIR EZ-ZOR, 9 November 2016 - Twenty people were killed by a car bomb in Deir ez-Zor. "
        f"The claim came as one unbroken string: {LONG_TOKEN} and nothing else.",
    ),
    "txt/broken-markup.txt": (
        f"Mortars on Damascus {TITLE_BREAKOUT}",
        f"DAMASCUS, 2 February 2017 - Three people were killed by mortar fire in Damascus. "
        f"{BROKEN_MARKUP} {ATTRIBUTE_BREAKOUT} &lt;script&gt;alert('xss-entity')&lt;/script&gt;",
    ),
}

HTML_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>Ignored title</title>
<meta property="og:title" content="Daraa siege: &lt;svg onload=alert('xss-og')&gt; {{{{ 7*7 }}}}">
<meta property="og:site_name" content="Daraa &quot;&gt;&lt;img src=x onerror=alert('xss-site')&gt;">
<meta property="article:published_time" content="2017-05-06T08:00:00Z">
<link rel="canonical" href="javascript:alert('xss-canonical')">
<script>alert('xss-page-script')</script>
</head><body onload="alert('xss-body-onload')">
<nav><a href="/">Home</a></nav>
<article>
<h1>Siege of Daraa</h1>
<p onmouseover="alert('xss-p')">Nine people were killed when shells hit a school in Daraa.
The teacher wrote &lt;img src=x onerror=alert("xss-img")&gt; on the board.</p>
<p>A <a href="javascript:alert('xss-link')" onclick="alert('xss-click')">link text</a> survived,
<iframe src="javascript:alert('xss-iframe')"></iframe>
<script>alert('xss-inline-script')</script><style>body {{ display: none }}</style>
and a broken tail <b><i>unclosed {{% if true %}}x{{% endif %}}
</article></body></html>
"""

CSV_ROWS = [
    {
        "id": "csv-hostile-source",
        "title": IMG_ONERROR + " Rockets strike Aleppo",
        "content": "At least 30 people were killed when rockets struck a bakery in Aleppo. "
        + SCRIPT,
        "date": "2016-05-04",
        "source": HOSTILE_SOURCE,
        "url": JS_URL,
    },
    {
        "id": "csv-formula",
        "title": FORMULA_TITLE,
        "content": "-2+3 was written on the wall. Four people were killed by a landmine near Homs.",
        "date": "2017-01-10",
        "source": FORMULA_SOURCE,
        "url": JS_URL_CASED,
    },
    {
        "id": "csv-template-source",
        "title": "Air raid on Raqqa " + TEMPLATE,
        "content": "Eleven people were killed in an air raid on Raqqa. " + TEMPLATE_BLOCK,
        "date": "2017-06-15",
        "source": TEMPLATE,
        "url": DATA_URL,
    },
    {
        "id": "csv-quoted-url",
        "title": "Clashes in Hama " + ATTRIBUTE_BREAKOUT,
        "content": "Six fighters were killed in clashes near Hama.\n\nA second paragraph "
        + 'with a line break, "quotes", a comma; and a semicolon.',
        "date": "2017-09-01",
        "source": RLO + "Reuters" + ZERO_WIDTH,
        "url": QUOTED_HTTPS_URL,
    },
]

JSONL_ROWS = [
    {
        "id": HOSTILE_ID,
        "title": SVG_ONLOAD + " Shelling in Latakia",
        "text": "Two people were killed by shelling in Latakia. " + IMG_ONERROR,
        "date": "2015-08-20",
        "source": "</script><script>alert('xss-json')</script>",
        "url": VBSCRIPT_URL,
    },
    {
        "id": "jsonl-long-title",
        "title": "Long " + LONG_TOKEN[:2_000],
        "text": "A report with no place and no date: " + TITLE_BREAKOUT + " " + ZERO_WIDTH,
        "source": TITLE_BREAKOUT,
    },
]

# What the tests look for, report by report: the body strings survive cleaning as they are.
_CSV = {row["id"]: row for row in CSV_ROWS}
_JSONL = {row["id"]: row for row in JSONL_ROWS}
EXPECTED = [
    Hostile(
        "txt/script-headline.txt", TXT["txt/script-headline.txt"][0], (IMG_ONERROR, SVG_ONLOAD)
    ),
    Hostile("txt/template-syntax.txt", TXT["txt/template-syntax.txt"][0], (TEMPLATE, "${7*7}")),
    # Cleaning drops zero-width characters from text (metadata keeps them).
    Hostile(
        "txt/direction-override.txt",
        TXT["txt/direction-override.txt"][0].replace(ZERO_WIDTH, ""),
        (RLO + "txt.exe",),
    ),
    Hostile("txt/long-token.txt", TXT["txt/long-token.txt"][0], (LONG_TOKEN,)),
    Hostile(
        "txt/broken-markup.txt",
        TXT["txt/broken-markup.txt"][0],
        (BROKEN_MARKUP, ATTRIBUTE_BREAKOUT, "<script>alert('xss-entity')</script>"),
    ),
    Hostile(
        "html/daraa-page.html",
        "Daraa siege: <svg onload=alert('xss-og')> {{ 7*7 }}",
        (IMG_ONERROR, "{% if true %}x{% endif %}"),
        source="Daraa \"><img src=x onerror=alert('xss-site')>",
    ),
    *(
        Hostile(id, row["title"], (body,), row["source"], row["url"])
        for id, row, body in (
            ("csv-hostile-source", _CSV["csv-hostile-source"], SCRIPT),
            ("csv-formula", _CSV["csv-formula"], "-2+3 was written"),
            ("csv-template-source", _CSV["csv-template-source"], TEMPLATE_BLOCK),
            ("csv-quoted-url", _CSV["csv-quoted-url"], '"quotes", a comma; and a semicolon'),
        )
    ),
    Hostile(
        HOSTILE_ID,
        _JSONL[HOSTILE_ID]["title"],
        (IMG_ONERROR,),
        _JSONL[HOSTILE_ID]["source"],
        VBSCRIPT_URL,
    ),
    Hostile(
        "jsonl-long-title",
        _JSONL["jsonl-long-title"]["title"],
        (TITLE_BREAKOUT,),
        TITLE_BREAKOUT,
        dated=False,
    ),
]
BY_ID = {report.id: report for report in EXPECTED}


def write_hostile_corpus(folder: Path) -> Path:
    """Write the hostile corpus under `folder` (txt/, html/, hostile.csv, hostile.jsonl)."""
    for name, (headline, body) in TXT.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
    page = folder / "html" / "daraa-page.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(HTML_PAGE.format(), encoding="utf-8")
    with (folder / "hostile.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(CSV_ROWS[0]))
        writer.writeheader()
        writer.writerows(CSV_ROWS)
    lines = (json.dumps(row, ensure_ascii=False) for row in JSONL_ROWS)
    (folder / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
