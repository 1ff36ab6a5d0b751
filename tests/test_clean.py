"""Tests for indexer.clean: each noise step on small strings (the real reports of ../shared/data
in test_clean_real.py)."""

from __future__ import annotations

import pytest

from indexer.clean import (
    clean_report,
    drop_comment_threads,
    drop_furniture,
    drop_image_codes,
    drop_language_links,
    drop_photo_credits,
    drop_repeated_headline,
    normalise_whitespace,
    rejoin_wrapped_lines,
    split_dateline,
    unescape_entities,
    unescape_quotes,
)
from indexer.records import Cleaned

IN_ARABIC = "\u0628\u0627\u0644\u0639\u0631\u0628\u064a\u0629"
READ_IN_ARABIC = (
    "\u0625\u0642\u0631\u0623 \u0647\u0630\u0627 \u0627\u0644\u062e\u0628\u0631 " + IN_ARABIC
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AT&amp;T and Hama", "AT&T and Hama"),
        ("Assad&#39;s forces", "Assad's forces"),
        ("&quot;hell&quot;", '"hell"'),
        ("a&nbsp;b", "a\u00a0b"),
        ("double &amp;#39;escaped&amp;#39;", "double 'escaped'"),
        ("Tom & Jerry; 5 < 6", "Tom & Jerry; 5 < 6"),
    ],
)
def test_unescape_entities(text, expected):
    assert unescape_entities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\"We are ready,\" he said.", '"We are ready," he said.'),
        (r"Hezbollah\'s fighters", "Hezbollah's fighters"),
        (r"don\\'t", "don't"),
        ("a path C:\\data stays", "a path C:\\data stays"),
        ("no escapes here", "no escapes here"),
    ],
)
def test_unescape_quotes(text, expected):
    assert unescape_quotes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u00a0b", "a b"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("tab\t\tand   spaces", "tab and spaces"),
        ("trailing  \nline", "trailing\nline"),
        ("one\n\u00a0\ntwo", "one\n\ntwo"),
        ("many\n\n\n\n\nbreaks", "many\n\nbreaks"),
        ("windows\r\nlines\rmac", "windows\nlines\nmac"),
        ("  padded text  ", "padded text"),
        ("control\x95\x81 chars", "control chars"),
    ],
)
def test_normalise_whitespace(text, expected):
    assert normalise_whitespace(text) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Jets hit Homs", "Jets hit Homs\n\nRebels fled.", "Rebels fled."),
        ("Jets hit Homs", "Jets hit Homs Rebels fled.", "Rebels fled."),
        ("Jets hit Homs", "  Jets  hit\nHoms\nRebels fled.", "Rebels fled."),
        ("Bomb kills 60", "Bomb kills 60 . At least 60 died.", "At least 60 died."),
        (
            "Jets hit Homs",
            "Sun 16 Apr 2017 Jets hit Homs. Rebels fled.",
            "Sun 16 Apr 2017\nRebels fled.",
        ),
        (
            "Jets hit Homs",
            "Date of publication 4 October 2016\nJets hit Homs\nRebels fled.",
            "Date of publication 4 October 2016\nRebels fled.",
        ),
        # The lead sentence extends the headline: it is article text, kept whole.
        ("Jets hit Homs.", "Jets hit Homs, killing three.", "Jets hit Homs, killing three."),
        ("Jets hit Homs", "Jets hit homs and left.", "Jets hit homs and left."),
        ("Jets hit Homs", "Rebels fled. Jets hit Homs.", "Rebels fled. Jets hit Homs."),
        ("Jets hit Homs", "Jets hit Homs", "Jets hit Homs"),
        ("", "Rebels fled.", "Rebels fled."),
    ],
)
def test_drop_repeated_headline(title, body, expected):
    assert drop_repeated_headline(title, body) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "BEIRUT - Agence France-Presse\n\nTroops advanced.",
            ("Agence France-Presse", "Troops advanced."),
        ),
        ("DAMASCUS (Reuters) - Troops advanced.", ("Reuters", "Troops advanced.")),
        ("BEIRUT, Syria (AP) \u2014 Troops advanced.", ("AP", "Troops advanced.")),
        ("MOSCOW October 18 (RIA Novosti) - Troops advanced.", ("RIA Novosti", "Troops advanced.")),
        ("Troops advanced. They held. --Reuters", ("Reuters", "Troops advanced. They held.")),
        ("Troops advanced.--AFP", ("AFP", "Troops advanced.")),
        ("Troops advanced.\n-- AFP", ("AFP", "Troops advanced.")),
        (
            "Reuters reported that troops advanced.",
            (None, "Reuters reported that troops advanced."),
        ),
        ("Troops advanced, Reuters said.", (None, "Troops advanced, Reuters said.")),
        ("Troops took Homs (AFP) on Sunday.", (None, "Troops took Homs (AFP) on Sunday.")),
    ],
)
def test_split_dateline(text, expected):
    assert split_dateline(text) == expected


ARTICLE = "Rebels fled the town.\nThe army said 12 people were killed."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARTICLE + "\nComments\nPost a Comment", ARTICLE),
        (ARTICLE + "\nComments About This Article\nPlease fill the fields below.", ARTICLE),
        (
            ARTICLE + "\n\nComments 8\nThumb EagleDawn 03 May 2014, 17:56\n\nWhat a shame.\n"
            "Missing coolmec 03 May 2014, 20:45\nLebanon first",
            ARTICLE,
        ),
        (
            ARTICLE + "\nThumb EagleDawn 03 May 2014, 17:56\nWhat a shame.\n"
            "Thumb Elemental 03 May 2014, 18:25\nIndeed.",
            ARTICLE,
        ),
        (ARTICLE + "\nLeave a Reply", ARTICLE),
        # A sentence about comments is article text.
        (
            ARTICLE + "\nThe minister made no comments on the attack.",
            ARTICLE + "\nThe minister made no comments on the attack.",
        ),
        # A bare "Comments" heading with the article still to come is kept.
        (
            "Rebels fled.\nComments\nThe army said 12 people were killed in the town.",
            "Rebels fled.\nComments\nThe army said 12 people were killed in the town.",
        ),
        ("Comments\nRebels fled.", "Comments\nRebels fled."),
        # A form marker at the top of a long article is furniture: only that line goes.
        (
            "Rebels fled.\nPost a Comment\n" + "The army said 12 people were killed. " * 20,
            "Rebels fled.\n" + "The army said 12 people were killed. " * 20,
        ),
    ],
)
def test_drop_comment_threads(text, expected):
    assert drop_comment_threads(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Title line\n{READ_IN_ARABIC} W460\nText.",
            "Title line\nText.",
        ),
        ("Text.\nRead in Arabic\nMore.", "Text.\nMore."),
        # English prose mentioning Arabic, or quoting one Arabic word, stays.
        ("He could read in Arabic and French.", "He could read in Arabic and French."),
        (
            f"The banner said {IN_ARABIC} in large letters over the square.",
            f"The banner said {IN_ARABIC} in large letters over the square.",
        ),
    ],
)
def test_drop_language_links(text, expected):
    assert drop_language_links(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Read this W460\nText.", "Read this\nText."),
        ("W460\nText.", "\nText."),
        ("Photo 460x260\nText.", "Photo\nText."),
        ("The W460 code sits mid-line.", "The W460 code sits mid-line."),
        ("Troops used M16 rifles.", "Troops used M16 rifles."),
        ("They reached the T4 airbase", "They reached the T4 airbase"),
    ],
)
def test_drop_image_codes(text, expected):
    assert drop_image_codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REUTERS Photo\n\nText.", "\nText."),
        ("Text.\nAFP Photo\nMore.", "Text.\nMore."),
        ("Photo: Syrian troops in Homs.\nText.", "Text."),
        (
            "Text on July 1 2016. (AFP Photo) At least 16 died.",
            "Text on July 1 2016. At least 16 died.",
        ),
        (
            "near Ariha August 3 2015(Reuters Photo) Thirty died.",
            "near Ariha August 3 2015 Thirty died.",
        ),
        (
            "Photos published by the group showed rubble.",
            "Photos published by the group showed rubble.",
        ),
        ("An AFP photographer saw the bodies.", "An AFP photographer saw the bodies."),
    ],
)
def test_drop_photo_credits(text, expected):
    assert drop_photo_credits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Text.\nShare this\nMore.", "Text.\nMore."),
        ("Text.\nTags: Syria, Aleppo\nMore.", "Text.\nMore."),
        ("Text.\nTags Syria Hassakeh Kurds\nMore.", "Text.\nMore."),
        ("Text.\nGet short URL\nPrint\nFollow us on Twitter\nRead more", "Text."),
        ("Date of publication 4 October 2016 Rebels fled.", "4 October 2016 Rebels fled."),
        ("18.10.2014Get short URL 0 13 The coalition struck.", "18.10.2014 The coalition struck."),
        (
            "Said. Tags Syria Idlib Ariha Assad war Government air raids in a town killed 27.",
            "Said. Government air raids in a town killed 27.",
        ),
        (
            "Sides. Tags Syria Aleppo regime forces At least 29 rebels were killed.",
            "Sides. At least 29 rebels were killed.",
        ),
        (
            "a group said Tags Nusra Front Aleppo war. A bomber struck.",
            "a group said A bomber struck.",
        ),
        (
            "Dead. Tags Syria Raqqa ISIS Daesh The Islamic State launched an attack.",
            "Dead. The Islamic State launched an attack.",
        ),
        (
            "Rebels fled. Source TRTWorld and agencies Related News Iraq vote | Gag rule",
            "Rebels fled. Source TRTWorld and agencies",
        ),
        (
            "Rebels fled. ... 13 Tags Daesh Syria Community standardsDiscussion Comment via",
            "Rebels fled.",
        ),
        ("Rebels fled. Our Standards:The Thomson Reuters Trust Principles.", "Rebels fled."),
        (
            "Rebels fled. (Source: Syrian Coalition) Twitter",
            "Rebels fled. (Source: Syrian Coalition)",
        ),
        # Article text that merely uses the same words stays.
        ("Tags on the bodies named the victims.", "Tags on the bodies named the victims."),
        ("He said the print edition sold out.", "He said the print edition sold out."),
        ("Follow the money, the envoy said.", "Follow the money, the envoy said."),
        ("Activists said on Twitter that 12 died.", "Activists said on Twitter that 12 died."),
        ("Sun 16 Apr 2017 Rebels fled.", "Sun 16 Apr 2017 Rebels fled."),
    ],
)
def test_drop_furniture(text, expected):
    assert drop_furniture(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Homs city was the\nepicenter of protests.", "Homs city was the epicenter of protests."),
        (
            "National Defense Army,\npro-Assad's militia, said so.",
            "National Defense Army, pro-Assad's militia, said so.",
        ),
        ("First sentence.\nSecond sentence.", "First sentence.\n\nSecond sentence."),
        ("Para one.\n\nPara two.", "Para one.\n\nPara two."),
        ("A well-\nknown figure.", "A well-known figure."),
        ("Sun 16 Apr 2017\nThe toll rose.", "Sun 16 Apr 2017\n\nThe toll rose."),
        ('He said: "We hold."\nThey left.', 'He said: "We hold."\n\nThey left.'),
        # Wrapped at a fixed width: a break before a capital is joined too.
        (
            "The media tried to promote\na victory but the source denied\nthe withdrawal by the\n"
            "Free Syrian Army.\nNext paragraph.",
            "The media tried to promote a victory but the source denied the withdrawal by the "
            "Free Syrian Army.\n\nNext paragraph.",
        ),
        # Not wrapped: a heading before a capitalised paragraph stays apart.
        ("Analysis\nThe army advanced.", "Analysis\n\nThe army advanced."),
    ],
)
def test_rejoin_wrapped_lines(text, expected):
    assert rejoin_wrapped_lines(text) == expected


def test_clean_report_runs_every_step():
    body = (
        "Jets hit Homs\n\nBEIRUT - Agence France-Presse\n\nREUTERS Photo\n\n"
        'Jets hit \\"rebel\\" areas&nbsp;of Homs on\nSunday, activists said.\n'
        "The toll rose.\n\nComments\nPost a Comment"
    )
    assert clean_report("Jets hit  Homs", body) == Cleaned(
        title="Jets hit Homs",
        body='Jets hit "rebel" areas of Homs on Sunday, activists said.\n\nThe toll rose.',
        source="Agence France-Presse",
    )


def test_clean_report_keeps_a_plain_report():
    assert clean_report("Title", "One sentence.") == Cleaned("Title", "One sentence.", None)
