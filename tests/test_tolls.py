"""Death-toll extraction on sentences written for these tests, and the toll-range buckets."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.records import Toll
from indexer.tolls import (
    NO_TOLL,
    TOLL_RANGE_LABELS,
    TOLL_RANGES,
    extract_death_toll,
    toll_range,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def toll_of(body: str, title: str = "") -> tuple[int, bool] | None:
    toll = extract_death_toll(title, body)
    return None if toll is None else (toll.value, toll.approximate)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("A car bomb killed 12 people in the market on Tuesday.", (12, False)),
        ("The shelling killed 1,200 people over the night, the monitor said.", (1200, False)),
        ("The shelling killed 1200 people over the night the monitor said.", (1200, False)),
        ("Three civilians were killed when a shell hit their house.", (3, False)),
        ("Twenty-two soldiers died in the ambush near the checkpoint.", (22, False)),
        ("A dozen fighters were killed in clashes overnight.", (12, False)),
        ("The raid killed one hundred and five people.", (105, False)),
        ("A child was killed by sniper fire in the old city.", (1, False)),
    ],
)
def test_digits_and_number_words(body: str, expected: tuple[int, bool]) -> None:
    assert toll_of(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("At least 12 people were killed in the air strike.", (12, False)),
        ("More than 100 people were killed in the attack on the village.", (100, True)),
        ("The bombing killed over 100 civilians in two districts.", (100, True)),
        ("Dozens of people were killed in the blast.", (24, True)),
        ("Scores of fighters have been killed in the battle for the airport.", (40, True)),
        ("Hundreds of people died in the gas attack, activists said.", (200, True)),
        ("Nearly 50 people were killed in the raids.", (50, True)),
        ("Around 50 people were killed in the raids.", (50, True)),
        ("The strikes killed about 50 people.", (50, True)),
        ("The explosion left some 30 people dead.", (30, True)),
    ],
)
def test_hedges(body: str, expected: tuple[int, bool]) -> None:
    assert toll_of(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("12 civilians and 5 fighters were killed in the shelling.", 17),
        ("The clashes killed 45 opposition fighters and 43 regime soldiers.", 88),
        ("Air strikes killed 10 children 5 women in the town.", 15),
        ("Ten children and five women have been killed in the raids.", 15),
    ],
)
def test_category_tolls_add_up(body: str, expected: int) -> None:
    toll = extract_death_toll("", body)
    assert toll is not None and toll.value == expected


@pytest.mark.parametrize(
    "body",
    [
        "The strike hit a school, killing 8 civilians including 3 children.",
        "At least 8 civilians - among them three children - were killed in the strike.",
        "Three children were among 8 civilians killed in the strike.",
        "8 civilians including three children were killed when the shell landed.",
    ],
)
def test_children_are_a_subset_of_the_toll(body: str) -> None:
    assert toll_of(body) == (8, False)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ten civilians were killed and 40 others injured in the rocket attack.", 10),
        ("The attack killed 30 people and injured 90 others.", 30),
        ("A suicide bomber killed 30 people injured 90 at a wedding.", 30),
        ("10 civilians killed 40 injured in rocket fire on the city.", 10),
        ("Fourteen people were wounded and two were killed by the mortar.", 2),
    ],
)
def test_injured_are_not_counted(body: str, expected: int) -> None:
    toll = extract_death_toll("", body)
    assert toll is not None and toll.value == expected


@pytest.mark.parametrize(
    "body",
    [
        "Seven civilians were injured in the rocket attack on the neighbourhood.",
        "More than 2,000 people were displaced by the fighting.",
        "Security forces arrested 15 people after the protest.",
        "Twelve people are missing after the building collapsed.",
        "The war has killed more than 150,000 people.",
        "More than 280,000 people have been killed since the start of the conflict in 2011.",
        "The Observatory says 90,000 people have died since 2011.",
        "The convoy waited 15 days at the border, 140 km north of Damascus.",
        "A 15-year-old boy spoke to reporters in 2011 about the siege.",
        "On Sunday the army shelled the town again.",
        "19 Killed and Injured in an attack on the official building.",
    ],
)
def test_no_incident_toll(body: str) -> None:
    assert extract_death_toll("", body) is None


def test_cumulative_toll_is_skipped_but_incident_toll_kept() -> None:
    body = (
        "Air strikes killed 9 people in the town on Monday. The war has killed more than"
        " 300,000 people since 2011."
    )
    assert toll_of(body) == (9, False)


def test_headline_toll_wins_over_body_figures() -> None:
    title = "Car bomb kills 23 in Homs"
    body = "A car bomb exploded near a mosque. Earlier, two people were killed by a mortar."
    toll = extract_death_toll(title, body)
    assert toll == Toll(23, False, "Car bomb kills 23 in Homs")


def test_body_figure_replaces_vague_headline() -> None:
    title = "Dozens dead in air raids on Aleppo"
    body = "The air raids killed 45 civilians in the eastern districts, a monitor said."
    assert toll_of(body, title) == (45, False)


def test_raised_death_toll_beats_earlier_figure() -> None:
    body = (
        "A car bomb killed 30 people at a checkpoint on Saturday. "
        "By Sunday the death toll rose to 45, the monitor said."
    )
    toll = extract_death_toll("", body)
    assert toll == Toll(45, False, "By Sunday the death toll rose to 45, the monitor said.")


def test_toll_noun_far_from_its_figure() -> None:
    title = "Death toll in bomb attack on evacuees' buses rises to 112"
    assert toll_of("", title) == (112, False)


def test_evidence_is_the_sentence() -> None:
    body = "Fighting went on. The raid killed 7 fighters near the dam. Talks resumed."
    toll = extract_death_toll("", body)
    assert toll is not None and toll.text == "The raid killed 7 fighters near the dam."


def test_dates_are_not_tolls() -> None:
    title = "23-04-2016 Child killed 9 Civilians Injured in Attacks"
    body = "A mortar shell left a child dead and a woman injured."
    assert toll_of(body, title) == (1, False)


def test_no_text_no_toll() -> None:
    assert extract_death_toll("", "") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "1-9"),
        (9, "1-9"),
        (10, "10-49"),
        (49, "10-49"),
        (50, "50-99"),
        (99, "50-99"),
        (100, "100-499"),
        (499, "100-499"),
        (500, "500+"),
        (150000, "500+"),
        (None, NO_TOLL),
        (0, NO_TOLL),
    ],
)
def test_toll_range_boundaries(value: int | None, expected: str) -> None:
    assert toll_range(value) == expected


def test_every_range_has_a_label() -> None:
    assert set(TOLL_RANGE_LABELS) == {*TOLL_RANGES, NO_TOLL}
    assert TOLL_RANGE_LABELS["1-9"] == "1\u20139 killed"
    assert TOLL_RANGE_LABELS["500+"] == "500+ killed"
    assert TOLL_RANGE_LABELS[NO_TOLL] == "No toll reported"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_cb240c1147aeec1e.txt", 200),
        ("001_f0d58cc6db912a74.txt", 3),
        ("003_d9e7616951d645c6.txt", 23),
        ("004_7ec4f8b8e2e71761.txt", None),
    ],
)
def test_raw_reports(name: str, expected: int | None) -> None:
    if not DATA.exists():
        pytest.skip("../shared/data is absent")
    title, _, body = (DATA / "raw-reports" / name).read_text(encoding="utf-8").partition("\n")
    toll = extract_death_toll(title, body)
    assert (toll.value if toll else None) == expected
