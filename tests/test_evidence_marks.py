"""searchapp.evidence_marks on its own: finding sentences, nesting marks and evidence spans that
overlap in every way, escaping. No index and no app: text and offsets in, markup out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from whoosh.analysis import StemmingAnalyzer

from searchapp.evidence_marks import (
    EvidenceItem,
    Placed,
    evidence_items,
    locate,
    matched_ranges,
    place_evidence,
    render,
)
from searchapp.highlight import Wanted


def item(kind: str, value: str, anchor: str, text: str = "") -> EvidenceItem:
    return EvidenceItem(kind=kind, value=value, text=text, anchor=anchor)


def placed(text: str, sentence: str, kind: str, anchor: str) -> Placed:
    start = text.index(sentence)
    return Placed(item(kind, "v", anchor, sentence), start, start + len(sentence))


def html_of(paragraphs) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def well_nested(html: str) -> None:
    ET.fromstring(f"<x>{html}</x>")


@pytest.mark.parametrize(
    ("text", "sentence", "expected"),
    [
        ("One. Two three. Four.", "Two three.", (5, 15)),
        ("One. Two\n  three. Four.", "Two three.", (5, 17)),
        ("One. Two three. Four.", "  Two   three. ", (5, 15)),
        ("One. Two three. Four.", "Five.", None),
        ("One.", "   ", None),
    ],
)
def test_locate_allows_whitespace_differences(text, sentence, expected):
    assert locate(text, sentence) == expected


def test_evidence_items_have_unique_anchors_and_skip_empty_entries():
    evidence = {
        "cities": [{"value": "Al-Bab", "text": "In Al-Bab."}, {"value": "al Bab", "text": "Bab."}],
        "actors": [{"value": "Russia", "text": ""}],
        "death_toll": {"value": 12, "text": "12 killed."},
        "published": None,
        "perpetrator": {"value": "Russia", "text": "Russian jets struck."},
        "source": {"value": "AFP", "text": "metadata: source"},
    }
    assert [(i.kind, i.value, i.anchor) for i in evidence_items(evidence)] == [
        ("city", "Al-Bab", "ev-city-al-bab"),
        ("city", "al Bab", "ev-city-al-bab-2"),
        ("toll", "12", "ev-toll"),
        ("perpetrator", "Russia", "ev-perpetrator"),
    ]


def test_a_sentence_equal_to_the_headline_is_placed_in_the_headline():
    items = [item("city", "Homs", "a", "Shelling  in Homs"), item("toll", "3", "b", "Three died.")]
    in_title, in_body = place_evidence("Shelling in Homs", "Shelling in Homs. Three died.", items)
    assert [(p.item.anchor, p.start, p.end) for p in in_title] == [("a", 0, 16)]
    assert [(p.item.anchor, p.start, p.end) for p in in_body] == [("b", 18, 29)]


def test_matched_ranges_use_the_analyzer():
    text = "Shells fell; the shelling went on. Shell-shocked."
    ranges = matched_ranges(text, frozenset({"shell"}), StemmingAnalyzer())
    assert [text[s:e] for s, e in ranges] == ["Shells", "shelling", "Shell"]
    assert matched_ranges(text, frozenset(), StemmingAnalyzer()) == []


def test_overlapping_evidence_is_cut_into_nested_pieces_with_one_anchor():
    text = "Alpha beta gamma delta epsilon."
    first = placed(text, "Alpha beta gamma", "city", "ev-a")
    second = placed(text, "gamma delta epsilon.", "toll", "ev-b")
    html = html_of(render(text, [], [first, second], number_marks=True))
    well_nested(html)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.get_text() == text
    assert soup.find(id="ev-a").get_text() == "Alpha beta gamma"
    pieces = soup.select('span[data-kind="toll"]')
    assert "".join(p.get_text() for p in pieces) == "gamma delta epsilon."
    assert [p.get("id") for p in pieces] == ["ev-b", None]


def test_identical_and_contained_sentences_nest():
    text = "Alpha beta gamma."
    outer = placed(text, "Alpha beta gamma.", "city", "ev-a")
    same = placed(text, "Alpha beta gamma.", "actor", "ev-b")
    inner = placed(text, "beta", "date", "ev-c")
    html = html_of(render(text, [(6, 10)], [outer, same, inner], number_marks=True))
    assert html == (
        '<p><span class="evidence" data-kind="city" id="ev-a" title="City: v">'
        '<span class="evidence" data-kind="actor" id="ev-b" title="Actor: v">Alpha '
        '<span class="evidence" data-kind="date" id="ev-c" title="Date: v">'
        '<mark id="m1">beta</mark></span> gamma.</span></span></p>'
    )


def test_a_marked_word_is_never_cut_by_an_evidence_edge():
    text = "Shelling hit Homs today."
    # The sentence was found starting inside "Shelling" (say, "lling hit"): widen, never split.
    cut = Placed(item("city", "Homs", "ev-a", "x"), 3, 17)
    html = html_of(render(text, [(0, 8), (13, 17)], [cut], number_marks=True))
    well_nested(html)
    soup = BeautifulSoup(html, "html.parser")
    assert [m.get_text() for m in soup.select("mark")] == ["Shelling", "Homs"]
    assert soup.find(id="ev-a").get_text() == "Shelling hit Homs"


def test_paragraphs_keep_marks_numbered_across_them_and_cut_spanning_evidence():
    text = "  One & two.\n\nThree <four>.\n\n\n\nFive 'six'.  "
    spanning = Placed(item("city", "v", "ev-a"), text.index("two"), text.index("<four>") + 6)
    marks = [
        (text.index("two"), text.index("two") + 3),
        (text.index("Five"), text.index("Five") + 4),
    ]
    paragraphs = render(text, marks, [spanning], number_marks=True)
    for paragraph in paragraphs:
        well_nested(str(paragraph))
    texts = [BeautifulSoup(str(p), "html.parser").get_text() for p in paragraphs]
    assert texts == ["One & two.", "Three <four>.", "Five 'six'."]
    assert str(paragraphs[0]) == (
        'One &amp; <span class="evidence" data-kind="city" id="ev-a" title="City: v">'
        '<mark id="m1">two</mark>.</span>'
    )
    assert str(paragraphs[1]) == (
        '<span class="evidence" data-kind="city" title="City: v">Three &lt;four&gt;</span>.'
    )
    assert str(paragraphs[2]) == '<mark id="m2">Five</mark> &#39;six&#39;.'


def test_headline_marks_have_no_ids_and_nothing_is_left_unescaped():
    text = '<script>alert("hi")</script> & more'
    html = html_of(render(text, [(8, 13)], [], number_marks=False))
    assert html == (
        "<p>&lt;script&gt;<mark>alert</mark>(&#34;hi&#34;)&lt;/script&gt; &amp; more</p>"
    )
    assert render("", [], [], number_marks=True) == []


def test_a_phrase_is_marked_only_where_its_words_follow_each_other():
    text = "Air strikes hit Douma. The air was thick; strikes resumed. AIR   STRIKES again."
    wanted = Wanted(phrases=frozenset({("air", "strike")}))
    ranges = matched_ranges(text, wanted, StemmingAnalyzer())
    assert [text[a:b] for a, b in ranges] == ["Air", "strikes", "AIR", "STRIKES"]


def test_stop_words_inside_a_phrase_are_skipped_as_the_index_skips_them():
    text = "The Syrian Observatory for Human Rights said; human rights groups agreed."
    phrase = ("syrian", "observatori", "human", "right")
    ranges = matched_ranges(text, Wanted(phrases=frozenset({phrase})), StemmingAnalyzer())
    assert [text[a:b] for a, b in ranges] == ["Syrian", "Observatory", "Human", "Rights"]


def test_words_and_phrases_together():
    text = "Shelling near the market; market shelling later."
    wanted = Wanted(words=frozenset({"later"}), phrases=frozenset({("market", "shell")}))
    ranges = matched_ranges(text, wanted, StemmingAnalyzer())
    assert [text[a:b] for a, b in ranges] == ["market", "shelling", "later"]
