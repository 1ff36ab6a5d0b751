"""Tests for the actor facet: aliases, false friends, and the perpetrator (attacker, not target)."""

from __future__ import annotations

import re

import pytest

from indexer.actors import extract_actor_facets, extract_actors, extract_perpetrator


def actor_names(title: str, body: str = "") -> list[str]:
    return [evidence.value for evidence in extract_actors(title, body)]


def perpetrator_name(title: str, body: str = "") -> str | None:
    perpetrator = extract_perpetrator(title, body)
    return perpetrator.value if perpetrator else None


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Regime barrel bombs killed 12 people in Aleppo.", "Syrian government"),
        ("Assad's forces shelled the town killing five.", "Syrian government"),
        ("Loyalists shelled the village killing five.", "Syrian government"),
        ("The army shelled Douma killing seven.", "Syrian government"),
        ("Syrian troops executed 15 men.", "Syrian government"),
        ("Pro-government militia killed 9 villagers.", "Syrian government"),
        ("SAA artillery killed four.", "Syrian government"),
        ("Barrel bombs killed 20 in Daraya.", "Syrian government"),
        ("IS jihadists executed 30 people.", "Islamic State"),
        ("ISIL militants beheaded two men.", "Islamic State"),
        ("An ISIS suicide bomber killed 20.", "Islamic State"),
        ("Daesh fighters killed six shepherds.", "Islamic State"),
        ("YPG fighters shelled the village killing three.", "Kurdish-led forces"),
        ("The SDF attacked the town and killed 8.", "Kurdish-led forces"),
        ("Asayish gunmen shot dead two protesters.", "Kurdish-led forces"),
        ("Fateh al-Sham fighters killed 11 soldiers.", "al-Nusra Front"),
        ("HTS shelled the town killing six.", "al-Nusra Front"),
        ("Hayat Tahrir al-Sham executed four men.", "al-Nusra Front"),
        ("US-led strikes killed 14 civilians near Raqqa.", "US-led coalition"),
        ("American jets bombed the bridge killing five.", "US-led coalition"),
        ("Coalition air strikes killed 20 people.", "US-led coalition"),
        ("Russian warplanes killed 23 in Idlib.", "Russia"),
        ("Jaish al-Islam rockets killed two in Damascus.", "Armed opposition"),
        ("Ahrar al-Sham shelled the village killing two.", "Armed opposition"),
        ("FSA fighters shelled the base killing four.", "Armed opposition"),
        ("Hezbollah fighters killed 6 rebels.", "Hezbollah"),
        ("Turkish artillery shelled the village killing 4.", "Turkey"),
        ("Israeli jets struck the depot killing two.", "Israel"),
    ],
)
def test_aliases_name_the_attacker(sentence: str, actor: str) -> None:
    assert perpetrator_name(sentence) == actor


@pytest.mark.parametrize(
    ("title", "body", "perpetrator"),
    [
        ("Air strikes on IS-held Raqqa kill 20", "", None),
        ("Rebels shelled the old city killing 5", "", "Armed opposition"),
        ("Five killed by regime barrel bombs in Aleppo", "", "Syrian government"),
        ("IS suicide bomber kills 20 in Qamishli", "", "Islamic State"),
        ("Russian jets pound IS positions killing 30", "", "Russia"),
        ("Strikes on rebel-held Douma kill 12", "", None),
        ("Twelve IS fighters were killed in clashes", "", None),
        ("29 rebels killed in clashes with regime troops", "", "Syrian government"),
        ("Coalition raids kill 15 IS fighters", "", "US-led coalition"),
        ("Air strikes kill 9", "The raids hit rebel-held areas of Idlib.", None),
        ("Bomb kills 8 in Homs", "No one has claimed responsibility for the attack.", None),
        (
            "Blast kills 10 in Azaz",
            "It was not clear who carried out the attack on IS-held villages.",
            None,
        ),
    ],
)
def test_attacker_not_target_not_territory(title: str, body: str, perpetrator: str | None) -> None:
    assert perpetrator_name(title, body) == perpetrator


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Car bomb kills 12 in Azaz",
            "The town is held by rebels. The Syrian Observatory said the blast hit a market.",
            ["Armed opposition"],
        ),
        (
            "Regime shelling kills 7 in Douma",
            "Rebels later fired rockets at Damascus. Russia said it had no part in it.",
            ["Syrian government", "Armed opposition", "Russia"],
        ),
        (
            "Rebels say IS attack killed 20",
            "The Islamic State claimed the attack.",
            ["Islamic State", "Armed opposition"],
        ),
    ],
)
def test_actors_list_perpetrator_first_then_others(
    title: str, body: str, expected: list[str]
) -> None:
    assert actor_names(title, body) == expected


@pytest.mark.parametrize(
    ("title", "body", "perpetrator", "actors"),
    [
        ("The death toll is rising", "This is a grim day; it is 12 dead.", None, []),
        ("Free Syrian Army shells Hama killing 3", "", "Armed opposition", ["Armed opposition"]),
        (
            "Blast kills 6",
            "The Syrian Observatory said the opposition-held town was hit.",
            None,
            [],
        ),
        (
            "Bomb kills 9 in Idlib",
            "The National Coalition condemned the attack.",
            None,
            [],
        ),
        (
            "Car bomb kills 4 in Homs",
            "The Russian Foreign Minister condemned the attack.",
            None,
            [],
        ),
    ],
)
def test_false_friends_are_not_actors(
    title: str, body: str, perpetrator: str | None, actors: list[str]
) -> None:
    assert perpetrator_name(title, body) == perpetrator
    assert actor_names(title, body) == actors


def test_perpetrator_evidence_is_its_sentence() -> None:
    evidence = extract_perpetrator(
        "Syria update", "Talks stalled in Geneva. Russian warplanes killed 23 people in Idlib."
    )
    assert evidence is not None
    assert evidence.value == "Russia"
    assert evidence.text == "Russian warplanes killed 23 people in Idlib."


# Filler that pushes a sentence past the lead (headline + three opening sentences).
_LEAD_FILLER = "Residents fled the area. Shops stayed closed. Schools were shut. "


@pytest.mark.parametrize(
    ("title", "body", "perpetrator"),
    [
        # An attacker first named after the lead is another incident told as background.
        ("Blast kills 9 in Azaz", _LEAD_FILLER + "Regime jets bombed Idlib killing four.", None),
        # ... unless the report points back to its own incident and says who carried it out.
        (
            "Air raids kill 10 in Milis",
            _LEAD_FILLER + "Activists said the raids were carried out by regime helicopters.",
            "Syrian government",
        ),
        # Pointing back is not enough for an attack told as background.
        (
            "Bomb hits camp killing 15",
            _LEAD_FILLER + "The attack came a day after strikes by Russian jets killed 26.",
            None,
        ),
        # The sentence giving the death toll counts wherever it stands.
        (
            "Market hit in Idlib",
            _LEAD_FILLER + "Russian warplanes killed 23 people at the market on Monday.",
            "Russia",
        ),
    ],
)
def test_perpetrator_comes_from_the_incident_not_the_background(
    title: str, body: str, perpetrator: str | None
) -> None:
    assert perpetrator_name(title, body) == perpetrator


@pytest.mark.parametrize(
    ("title", "body", "perpetrator"),
    [
        (
            "Air raids kill 10",
            "The raids were carried out by either Russian or regime warplanes.",
            "Syrian government",
        ),
        (
            "Strikes kill 16",
            "It was not clear whether Syrian or Russian aircraft struck.",
            "Syrian government",
        ),
        (
            "Strikes kill 16",
            "It was not clear whether regime or US-led coalition jets struck.",
            None,
        ),
        (
            "Strikes kill 16",
            "It was not clear whether the raids were carried out by the regime.",
            None,
        ),
    ],
)
def test_uncertain_between_allies_names_their_side(
    title: str, body: str, perpetrator: str | None
) -> None:
    assert perpetrator_name(title, body) == perpetrator


@pytest.mark.parametrize(
    ("sentence", "perpetrator"),
    [
        ("Activists accused Assad's forces of a gas attack that killed 213.", "Syrian government"),
        (
            "Rycroft said the regime was responsible for the sarin attack that killed 86.",
            "Syrian government",
        ),
        ("The White House blamed the chemical attack on the regime.", "Syrian government"),
        (
            "Washington pinned the blame for the gas attack squarely on the regime.",
            "Syrian government",
        ),
        ("No group announced responsibility for the blast but some blamed IS.", None),
    ],
)
def test_attribution_by_a_third_party(sentence: str, perpetrator: str | None) -> None:
    assert perpetrator_name(sentence) == perpetrator


@pytest.mark.parametrize(
    ("title", "body", "perpetrator"),
    [
        # A year before an actor is a date, not a count of its dead fighters.
        (
            "Aleppo update",
            "Published June 8 2016 Syrian government air strikes killed 15.",
            "Syrian government",
        ),
        (
            "Ghouta",
            "On August 21 2013 the Assad regime fired rockets killing 1400.",
            "Syrian government",
        ),
        ("Raids kill 12", "Coalition raids killed 12 IS fighters.", "US-led coalition"),
        # "killed at least" is active, not "killed at <place>".
        (
            "Strikes kill 20",
            "US-led air strikes killed at least 20 Islamic State fighters.",
            "US-led coalition",
        ),
        ("ISIL terrorists execute 50 captive Syrian troops in Raqqa", "", "Islamic State"),
        ("Al-Qaeda loyalists attacked a Kurdish town killing 17", "", "al-Nusra Front"),
        ("35 IS jihadists killed in clashes with Syria Kurds", "", "Kurdish-led forces"),
        ("Russian forces destroy IS command post killing 80", "", "Russia"),
        (
            "Rebels killed 9",
            "The deal was brokered partly by rebel backer Qatar.",
            "Armed opposition",
        ),
    ],
)
def test_attacker_cues(title: str, body: str, perpetrator: str | None) -> None:
    assert perpetrator_name(title, body) == perpetrator


def test_alias_prefilter_matches_like_the_plain_aliases() -> None:
    from indexer import actors

    alternatives = "|".join(
        f"(?P<a{index}>{'|'.join(f'(?:{pattern})' for pattern in patterns)})"
        for index, (_actor, patterns) in enumerate(actors.ACTOR_ALIASES)
    )
    plain = re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w)", re.IGNORECASE)
    text = (
        "Syrian or Russian jets, the SDF and YPG, al-Qaeda loyalists, Hezbollah, ISIS, Daesh, "
        "U.S. forces, US-led strikes, the army, regime loyalists, barrel bombs, Ahrar al-Sham, "
        "Kurd-led forces, Syria Kurds, IS. THIS is not IS-held; 'Nusra' and HTS."
    )
    assert actors._ALIAS.pattern != plain.pattern
    assert [(m.span(), m.lastgroup) for m in actors._ALIAS.finditer(text)] == [
        (m.span(), m.lastgroup) for m in plain.finditer(text)
    ]


def test_actor_facets_agree_with_the_separate_extractors():
    title = "Regime air strikes kill 9 in Douma"
    body = "Regime warplanes struck Douma, killing 9 people. Rebels shelled Damascus on Monday."
    perpetrator, actors = extract_actor_facets(title, body)
    assert perpetrator == extract_perpetrator(title, body)
    assert actors == extract_actors(title, body)
    assert perpetrator.value == "Syrian government" and actors[0] == perpetrator


def test_ascii_text_finds_the_same_mentions_with_the_ascii_pattern():
    # find_actor_mentions matches ASCII sentences with the ASCII-semantics copy of the pattern;
    # it must find exactly what the full pattern finds, on every sentence of the sample corpus.
    from pathlib import Path

    from indexer import actors
    from indexer.finding import find_files
    from indexer.readers import ReadError, read_file
    from indexer.sentences import split_sentences

    sample = Path(actors.__file__).parent / "sample"
    sentences = [
        "REGIME FORCES shelled Douma; isis fighters and Hezbollah-backed militias withdrew.",
        "Russian-made jets struck Idlib, killing 12, the SOHR said.",
    ]
    for found in find_files([sample]):
        for raw in read_file(*found) if not isinstance(found, ReadError) else ():
            if not isinstance(raw, ReadError):
                sentences += [raw.title, *split_sentences(raw.body)]
    ascii_sentences = [s for s in sentences if s.isascii()]
    assert len(ascii_sentences) > 200
    found = 0
    for sentence in ascii_sentences:
        mentions = actors.find_actor_mentions(sentence)
        full = [
            (actors._ACTOR_BY_GROUP[m.lastgroup], m.start(), m.end())
            for m in actors._ALIAS.finditer(sentence)  # the Unicode pattern itself
            if actors._ACTOR_BY_GROUP[m.lastgroup] is not None
        ]
        assert mentions == full, sentence
        found += len(mentions)
    assert found > 50
