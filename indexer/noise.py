"""Cue lists for the cleaner: the words and patterns that mark noise in saved news reports.

Data only (tuples, mappings and regex sources); indexer/clean.py compiles and applies them.
Nothing here may match ordinary article prose on its own: each cue names page furniture.
"""

from __future__ import annotations

# Agencies recognised in datelines and signatures: spelling (lower case) -> name shown as source.
# Each spelling keeps the form the report used, so "AFP" and "Agence France-Presse" stay distinct.
AGENCIES: dict[str, str] = {
    "agence france-presse": "Agence France-Presse",
    "agence france presse": "Agence France-Presse",
    "afp": "AFP",
    "reuters": "Reuters",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "ap": "AP",
    "anadolu agency": "Anadolu Agency",
    "anadolu": "Anadolu Agency",
    "aa": "Anadolu Agency",
    "sana": "SANA",
    "xinhua": "Xinhua",
    "dpa": "dpa",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "sputnik": "Sputnik",
    "upi": "UPI",
    "kuna": "KUNA",
    "irna": "IRNA",
    "ians": "IANS",
    "nna": "NNA",
}

# Lines that open a reader-comment section (matched against a whole line, case-insensitive).
COMMENT_MARKERS_STRONG: tuple[str, ...] = (
    r"comments?\s*\(?\d+\)?",
    r"\d+\s+comments?",
    r"post\s+a\s+comment",
    r"leave\s+a\s+(?:comment|reply)",
    r"add\s+(?:a|your)\s+comment",
    r"write\s+a\s+comment",
    r"comments?\s+about\s+this\s+article",
    r"readers?'?\s+comments?",
    r"(?:show|view|hide)\s+(?:all\s+)?comments",
    r"please\s+fill\s+(?:in\s+)?the\s+fields\s+below\.?",
    r"comments\s+are\s+closed\.?",
)
# A bare "Comments" line only counts when nothing but comment matter follows it.
COMMENT_MARKERS_WEAK: tuple[str, ...] = (r"comments?", r"reader\s+comments?")

# One commenter's header: optional avatar label, user name, "03 May 2014, 17:56".
COMMENTER_HEADER = (
    r"(?:(?:Thumb|Missing|Avatar)\s+)?\S{2,40}\s+"
    r"\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4},?\s+\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?"
)

# Words that, in an Arabic line, mark a link to the Arabic edition of the article.
ARABIC_VERSION_CUES: tuple[str, ...] = ("بالعربية", "بالعربي", "النسخة العربية", "عربي")
# The same link written in English, as a whole line.
ARABIC_VERSION_LINES: tuple[str, ...] = (
    r"read\s+(?:this\s+)?(?:article\s+|story\s+)?in\s+arabic\.?",
    r"arabic\s+version\.?",
)

# Stray layout codes left by image tags ("W460", "H300", "460x260").
IMAGE_CODE = r"[WH]\d{2,4}|\d{2,4}x\d{2,4}"

# Whole lines that are photo credits or captions' credit lines (case-insensitive).
PHOTO_CREDIT_LINES: tuple[str, ...] = (
    r"\(?\s*(?:[A-Z][A-Za-z.-]{1,20}\s+){0,2}photos?\s*\)?\.?",
    r"\(?\s*photos?\s*(?:credit)?\s*[:/-]\s*.{0,120}",
    r"\(?\s*(?:file\s+)?photo\s+(?:by|courtesy\s+of)\s+.{0,120}",
    r"\(?\s*photo\s+[A-Z][A-Za-z]{1,20}\s*\)?",
)
# Credits in parentheses inside a line: "(AFP Photo)", "(Reuters Photo)", "(Photo: AFP)".
PHOTO_CREDIT_INLINE = r"\(\s*(?:[A-Z][A-Za-z]{1,15}\s+photo|photo:?\s+[A-Z][A-Za-z]{1,15})\s*\)"

# Scraped page furniture that fills a whole line (case-insensitive).
FURNITURE_LINES: tuple[str, ...] = (
    r"tags?\s*:.*",
    r"share(?:\s+this(?:\s+(?:article|story|page))?)?(?:\s+on\s+\w+)?\s*:?",
    r"(?:facebook|twitter|whatsapp|email|e-mail|linkedin|google\+|tweet|telegram)"
    r"(?:\s+(?:facebook|twitter|whatsapp|email|e-mail|linkedin|google\+|tweet|telegram))*",
    r"follow\s+us(?:\s+on\s+.{1,60})?\.?",
    r"print(?:\s+this\s+(?:page|article|story))?",
    r"read\s+more(?:\s*[:>»].{0,120})?",
    r"get\s+short\s+url",
    r"related(?:\s+(?:articles?|news|stories|coverage|topics))?\s*:?",
    r"advertisement",
    r"subscribe(?:\s+to\s+our\s+newsletter)?",
    r"click\s+here\s+to\s+.{1,80}",
    r"skip\s+to\s+(?:main\s+)?content",
)

# Furniture inside running text (FA-KES keeps each article on one line), removed as a span:
# (a plain phrase every match contains, so most texts are skipped cheaply; the pattern).
FURNITURE_SPANS: tuple[tuple[str, str], ...] = (
    ("Get short URL", r"Get short URL(?:\s+Topic\s+[^()\n]{1,80}\(\d+\))?(?:\s+\d+)*"),
    ("Print this page", r"\bPrint this page\b"),
    ("Print Tweet", r"\bPrint Tweet(?:\s+Views\s+\d+)?"),
    ("Our Standards", r"\bOur Standards:\s*The Thomson Reuters Trust Principles\.?"),
    ("SEND http", r"\bSEND\s+https?\S+"),
)
# Words to drop while keeping what follows: the date after "Date of publication" must stay.
FURNITURE_LABELS: tuple[tuple[str, str], ...] = (
    ("Date of publication", r"\bDate of publication:?\s*"),
)
# Markers after which the rest of the text is site furniture (related links, follow buttons).
FURNITURE_TAILS: tuple[str, ...] = (
    r"\.\.\.\s+\d+\s+(?:Topic|Related|Tags)\b",
    r"Community standards\s*Discussion\b",
    r"Related News\b",
    r"Follow us on Instagram\b",
)
# Lone words left at the very end of a scraped article.
FURNITURE_ENDINGS: tuple[str, ...] = (r"Twitter", r"MBMB", r"Facebook")

# Inline "Tags ..." lists have no end mark; the article resumes where a clause begins.
# Lower-case words that never occur in a tag list but do in the article's first clause.
CLAUSE_WORDS: frozenset[str] = frozenset(
    "a an is are was were has have had been be said says say on in at of by to from for with"
    " that which who after when while as and including during near into against".split()
)
# Words that may open the article's first sentence just before its first capitalised word.
SENTENCE_OPENERS: frozenset[str] = frozenset(
    "The A An At least More than Some Over Nearly About Around Up to Almost".split()
)
# Determiners worth looking back for across a capitalised name ("The Islamic State launched").
NAME_DETERMINERS: frozenset[str] = frozenset("The A An".split())
# Spelled-out numbers that may open the first sentence ("Fifty nine US cruise missiles").
NUMBER_WORDS: frozenset[str] = frozenset(
    word
    for base in "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty"
    " ninety hundred hundreds dozen dozens".split()
    for word in (base, base.capitalize())
)
# Give up on an inline tag list longer than this: it is more likely prose than tags.
MAX_TAG_WORDS = 30

# Leading date headers the date extractor reads ("Sun 16 Apr 2017", "4 October 2016",
# "April 18 2017", "Friday 21 November 2014 10:13"): never merged with the next line.
DATE_HEADER = (
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+[A-Z][a-z]{2,8},?\s+\d{4}|[A-Z][a-z]{2,8}\s+\d{1,2},?\s+\d{4})"
    r"(?:\s+\d{1,2}:\d{2})?"
)

# Function words that cannot end a paragraph: a line ending in one was wrapped.
WRAP_TAIL_WORDS: frozenset[str] = frozenset(
    "a an the of to and or in on at for with by from as that its their his her our this these"
    " those but nor than which who whose".split()
)
