"""Tests for the actor facet: aliases, false friends, and the perpetrator (attacker, not target)."""

from __future__ import annotations

import pytest

from indexer.actors import extract_actors, extract_perpetrator


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
