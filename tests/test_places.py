"""Tests for the city facet: spellings, main place first, stand-ins, reference points."""

from __future__ import annotations

import pytest

from indexer.places import extract_places, governorate_of, governorates_of


def place_names(title: str, body: str = "") -> list[str]:
    return [evidence.value for evidence in extract_places(title, body)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Deir ez-Zor on Monday.", ["Deir ez-Zor"]),
        ("Shelling hit Deir Ezzor on Monday.", ["Deir ez-Zor"]),
        ("Shelling hit Deir al-Zour on Monday.", ["Deir ez-Zor"]),
        ("Shelling hit Dayr az Zawr on Monday.", ["Deir ez-Zor"]),
        ("A blast in Hassakeh killed four.", ["Hasakah"]),
        ("A blast in al-Hasakah killed four.", ["Hasakah"]),
        ("Raids on Lattakia province killed two.", ["Latakia"]),
        ("Raids on Ar-Raqqa killed two.", ["Raqqa"]),
        ("Raids on Rakka killed two.", ["Raqqa"]),
        ("Strikes on Idleb killed two.", ["Idlib"]),
        ("Rockets fell on Deraa.", ["Daraa"]),
        ("Rockets fell on Dar'a.", ["Daraa"]),
        ("A mortar hit Tartous.", ["Tartus"]),
        ("A car bomb exploded in Sweida.", ["As-Suwayda"]),
        ("Clashes in Kuneitra left three dead.", ["Quneitra"]),
        ("Shells fell on the Damascus countryside.", ["Rif Dimashq"]),
        ("Ain al-Arab was attacked again.", ["Kobani"]),
        ("IS fighters left Tadmur.", ["Palmyra"]),
        ("Barrel bombs hit Khan Sheikhoun.", ["Khan Shaykhun"]),
        ("Barrel bombs hit Maarat al-Numan.", ["Maaret al-Numan"]),
        ("People fled from Aleppos eastern districts.", ["Aleppo"]),
        ("Strikes hit Aleppo's old city.", ["Aleppo"]),
    ],
)
def test_spelling_variants_give_one_canonical_name(text: str, expected: list[str]) -> None:
    assert place_names(text) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Damascus said the attack was staged.", "", []),
        ("Damascus has denied using chemical weapons.", "", []),
        ("Moscow and Damascus blamed the rebels.", "", []),
        ("Pro-Damascus media reported the blast.", "", []),
        ("Air strikes kill 12 in Douma", "Damascus accused the rebels of shelling.", ["Douma"]),
        (
            "Clashes erupted in Morek",
            "Morek lies 30 km north of Hama on the main highway.",
            ["Morek", "Hama"],
        ),
        (
            "Fighting near Aleppo",
            "Rebels shelled Azaz on Sunday.",
            ["Azaz", "Aleppo"],
        ),
    ],
)
def test_stand_ins_are_dropped_and_reference_points_rank_last(
    title: str, body: str, expected: list[str]
) -> None:
    assert place_names(title, body) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Car bomb kills 20 in Homs",
            "The blast came as fighting raged in Aleppo. Aleppo has seen heavy clashes. "
            "Aleppo was shelled again. The car bomb went off in a busy Homs street.",
            ["Homs", "Aleppo"],
        ),
        (
            "Syria war update",
            "Air strikes killed nine people in Saraqib on Monday. Rebels also fought in Hama.",
            ["Saraqib", "Hama"],
        ),
        (
            "Strikes kill eight in Raqqa",
            "Raqqa and Raqqa again: the city of Raqa was hit.",
            ["Raqqa"],
        ),
    ],
)
def test_main_place_comes_first(title: str, body: str, expected: list[str]) -> None:
    assert place_names(title, body) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Talks in Geneva and Moscow ended without a deal.",
        "Refugees reached Beirut and Baghdad.",
        "Officials in Ankara and Washington met.",
        "The Hamas delegation arrived in Cairo.",
    ],
)
def test_places_outside_syria_are_not_cities(text: str) -> None:
    assert place_names(text) == []


def test_evidence_is_the_sentence_of_the_first_strong_mention() -> None:
    evidence = extract_places(
        "Syria update", "Damascus said it was a lie. Shells killed four in Damascus on Friday."
    )
    assert evidence[0].value == "Damascus"
    assert evidence[0].text == "Shells killed four in Damascus on Friday."


@pytest.mark.parametrize(
    ("place", "governorate"),
    [
        ("Douma", "Rif Dimashq"),
        ("Ghouta", "Rif Dimashq"),
        ("Eastern Ghouta", "Rif Dimashq"),
        ("Daraya", "Rif Dimashq"),
        ("Madaya", "Rif Dimashq"),
        ("Rif Dimashq", "Rif Dimashq"),
        ("Jobar", "Damascus"),
        ("Yarmouk", "Damascus"),
        ("Damascus", "Damascus"),
        ("Manbij", "Aleppo"),
        ("Kobani", "Aleppo"),
        ("al-Bab", "Aleppo"),
        ("Palmyra", "Homs"),
        ("Baba Amr", "Homs"),
        ("Khan Shaykhun", "Idlib"),
        ("Jisr al-Shughur", "Idlib"),
        ("Shadadi", "Hasakah"),
        ("Qamishli", "Hasakah"),
        ("Tal Abyad", "Raqqa"),
        ("Tabqa", "Raqqa"),
        ("Mayadin", "Deir ez-Zor"),
        ("Albu Kamal", "Deir ez-Zor"),
        ("Deir Ezzor", "Deir ez-Zor"),
        ("Hassakeh", "Hasakah"),
        ("Beirut", None),
        ("Geneva", None),
    ],
)
def test_governorate_of(place: str, governorate: str | None) -> None:
    assert governorate_of(place) == governorate


def test_governorates_of_deduplicates_in_order() -> None:
    places = extract_places("Raids on Douma and Jobar", "Later shells hit Daraya and Homs.")
    assert [p.value for p in places] == ["Douma", "Jobar", "Daraya", "Homs"]
    assert governorates_of(places) == ["Rif Dimashq", "Damascus", "Homs"]
    assert governorates_of(["Manbij", "Aleppo", "Beirut", "Idlib"]) == ["Aleppo", "Idlib"]


@pytest.mark.parametrize(
    ("title", "body", "expected_first"),
    [
        # The place named with the deaths beats one named only with the fighting.
        ("Army advances in Hama, 30 killed in Idlib", "", "Idlib"),
        ("Car bomb in Homs kills 18", "", "Homs"),
        # A death sentence without a place hands its weight to the next one that names it.
        (
            "Attack on a camp",
            "At least 24 people were killed near a camp. The camp lies in Hasakeh province. "
            "Rebels also hold Hama.",
            "Hasakah",
        ),
        # Later sentences drift to background and count less than the lede.
        (
            "Syria update",
            "Shelling hit Daraa on Monday. "
            + "Nothing else happened. " * 10
            + "Hama was calm. Hama was quiet.",
            "Daraa",
        ),
    ],
)
def test_the_place_of_the_deaths_comes_first(title: str, body: str, expected_first: str) -> None:
    assert place_names(title, body)[0] == expected_first


def test_many_villages_of_one_governorate_outweigh_a_single_city() -> None:
    title = "Raids on villages"
    body = (
        "Shells fell on Qamishli. Barrel bombs hit the village of Tadef. "
        "Jets struck Daret Izza. Rockets hit Jarez."
    )
    assert governorates_of(extract_places(title, body))[0] == "Aleppo"


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Fighters advanced towards the group's Raqqa stronghold",
            "Jets struck Tabqa.",
            ["Tabqa", "Raqqa"],
        ),
        (
            "A bomb hit buses at Rashidin",
            "They carried evacuees from the northern towns of Fuaa and Kafraya.",
            ["Rashidin", "Foua", "Kafraya"],
        ),
        ("Shells fell near Hama and Homs", "Rebels took Morek.", ["Morek", "Hama", "Homs"]),
    ],
)
def test_destinations_origins_and_listed_references_rank_last(
    title: str, body: str, expected: list[str]
) -> None:
    assert place_names(title, body) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Raids on Aleppo", "Bombs fell despite Damascus promises of a truce.", ["Aleppo"]),
        ("A blast hit Homs", "Lebanese TV channel Al-Mayadin reported the blast.", ["Homs"]),
        (
            "Blast in Homs",
            "A double attack in the city of Homs has claimed the lives of 18.",
            ["Homs"],
        ),
        ("Strike on Tadef", "Bombs hit the village of Taduf said the Observatory.", ["Tadef"]),
        ("Moscow and Damascus said the strikes hit rebels", "", []),
    ],
)
def test_more_stand_in_cues(title: str, body: str, expected: list[str]) -> None:
    assert place_names(title, body) == expected


@pytest.mark.parametrize(
    ("place", "governorate"),
    [
        ("Jisr al-Shigour", "Idlib"),
        ("Shayrat", "Homs"),
        ("Golan Heights", "Quneitra"),
        ("Rajm Sleibi", "Hasakah"),
        ("Urum al-Kubra", "Aleppo"),
        ("Deir al-Adas", "Daraa"),
        ("Tabqah", "Raqqa"),
        ("Salamyieh", "Hama"),
        ("Sheikh Maqsoud", "Aleppo"),
        ("Mezze", "Damascus"),
    ],
)
def test_second_tier_towns_and_new_variants(place: str, governorate: str) -> None:
    assert governorate_of(place) == governorate


def test_ascii_sentences_find_the_same_mentions_as_the_general_path():
    # find_place_mentions takes a shortcut on ASCII text; the general path splits and folds every
    # word. On names in every case, with every kind of gap, both must find the same mentions.
    import random
    from pathlib import Path

    from indexer import places
    from indexer.finding import find_files
    from indexer.readers import ReadError, read_file
    from indexer.sentences import split_sentences

    names = [
        "Deir ez-Zor", "Deir  ez-Zor", "deir ez-zor", "Deir ez_Zor", "Aleppo", "Aleppos", "ALEPPO",
        "eastern Ghouta", "Eastern ghouta", "rural Damascus", "al-Bab", "Al Bab", "as-Suwayda",
        "Ar-Raqqa", "Ain al-Arab", "Ain al.Arab", "Khan Sheikhoun", "Maarat al-Numan", "Rif",
    ]  # fmt: skip
    fillers = ["in", "the", "The", "near", "and", ",", ".", "-", "'", "killed", "Local", "2"]
    rng = random.Random(3)
    sentences = [
        "".join(rng.choice(names + fillers) + rng.choice([" ", "  ", "-", " - ", "", "\x1c"])
                for _ in range(rng.randint(1, 14)))
        for _ in range(3000)
    ]  # fmt: skip
    sample = Path(places.__file__).parent / "sample"
    for found in find_files([sample]):
        for raw in read_file(*found) if not isinstance(found, ReadError) else ():
            if not isinstance(raw, ReadError):
                sentences += [raw.title, *split_sentences(raw.body)]
    sentences = [s for s in sentences if s.isascii()]
    mentions = 0
    for sentence in sentences:
        expected = places._any_mentions(sentence)
        assert places._ascii_mentions(sentence) == expected, sentence
        mentions += len(expected)
    assert mentions > 2000
