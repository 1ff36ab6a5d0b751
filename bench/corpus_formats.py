"""How a synthetic report is saved: a .txt file, a saved web page with its page furniture, or a
row of a CSV or JSON Lines export (column names the indexer's readers accept).

Pure rendering to text; bench/generate_corpus.py decides where the text goes. No files here.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape

from bench.synthetic import SyntheticReport

CSV_COLUMNS = ("unit_id", "article_title", "article_content", "date", "source", "url")
_NAV = ("Home", "Syria", "Region", "Opinion", "Video", "Data", "About us")
_COMMENTERS = ("levant_watcher", "Umm Karim", "observer77", "Nadim H.", "truth_seeker")


def report_id(number: int) -> str:
    """The id column of an export row (files are known by their path instead)."""
    return f"syn-{number:07d}"


def render_txt(report: SyntheticReport) -> str:
    return f"{report.title}\n\n{report.body}\n"


def render_html(report: SyntheticReport) -> str:
    """A saved news page: metadata in <head>, the article among navigation, share bars,
    related links and reader comments, as a browser's "save page" keeps it."""
    title = escape(report.title)
    host = report.url.split("/")[2]
    head = [
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        f'<meta property="og:title" content="{title}">',
        '<meta property="og:type" content="article">',
        f'<link rel="canonical" href="{escape(report.url)}">',
        f'<link rel="stylesheet" href="https://{host}/assets/site.css">',
        f'<script src="https://{host}/assets/app.js" defer></script>',
    ]
    if report.source:
        head.insert(3, f'<meta property="og:site_name" content="{escape(report.source)}">')
    if report.published:
        stamp = f"{report.published}T{8 + report.number % 12:02d}:{report.number % 60:02d}:00+03:00"
        head.insert(3, f'<meta property="article:published_time" content="{stamp}">')
    nav = " ".join(f'<a href="/{item.lower().replace(" ", "-")}">{item}</a>' for item in _NAV)
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in report.paragraphs)
    related = "".join(
        f'<li><a href="/syria/{report.number - k}">Earlier coverage, part {k}</a></li>'
        for k in range(1, 4)
    )
    comments = "\n".join(
        f'<div class="comment"><strong>{name}</strong> <span class="when">3 days ago</span>'
        f"<p>Thank you for reporting what others will not.</p></div>"
        for name in _COMMENTERS[: report.number % 4]
    )
    outlet = escape(report.source or "News")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        + "\n".join(head)
        + f'\n</head>\n<body>\n<header class="masthead"><a class="logo" href="/">{outlet}</a>\n'
        f'<nav class="menu">{nav}</nav></header>\n<main>\n'
        '<div class="share-bar">Share this story: <a href="#">Facebook</a> '
        '<a href="#">Twitter</a> <a href="#">WhatsApp</a></div>\n'
        f'<article>\n<h1>{title}</h1>\n<div class="article-body">\n{paragraphs}\n</div>\n'
        f'</article>\n<aside class="related"><h3>Read next</h3><ul>{related}</ul></aside>\n'
        f'<section class="comments"><h3>{report.number % 4} comments</h3>\n{comments}\n'
        "</section>\n</main>\n"
        f'<footer>&copy; {outlet}. All rights reserved. <a href="/privacy">Privacy</a></footer>\n'
        "<script>window.dataLayer = window.dataLayer || [];</script>\n</body>\n</html>\n"
    )


def csv_row(report: SyntheticReport) -> list[str]:
    return [
        report_id(report.number),
        report.title,
        report.body,
        report.published or "",
        report.source or "",
        report.url,
    ]


def render_csv(reports) -> str:
    """A whole CSV export (header and rows), as one string."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(report) for report in reports)
    return out.getvalue()


def jsonl_line(report: SyntheticReport) -> str:
    record = {
        "id": report_id(report.number),
        "title": report.title,
        "text": report.body,
        "published": report.published,
        "source": report.source,
        "url": report.url,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"
