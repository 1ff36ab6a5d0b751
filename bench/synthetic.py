"""One synthetic report from its number: headline, paragraphs, metadata, and the ground truth the
generator planted in it (city, governorate, actor, death toll, date, source).

Pure and deterministic: report n depends only on (seed, n, format, edit), never on other reports,
so any report can be rebuilt alone and a 10k corpus is the start of a 100k one. No files here.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from dataclasses import dataclass

from bench import corpus_material as m
from bench import corpus_templates as t
from bench.picking import MONTHS, Deck, Weighted, Zipf, count_words, date_values, war_date
from indexer.actor_aliases import ACTOR_ALIASES
from indexer.gazetteer import PLACES_BY_GOVERNORATE
from indexer.gazetteer_towns import SMALLER_PLACES_BY_GOVERNORATE
from indexer.noise import AGENCIES
from indexer.places import find_place_mentions
from indexer.toll_cues import VAGUE_AMOUNTS

FORMATS = ("txt", "html", "csv", "jsonl")
VERSION = 1  # bump whenever compose() writes anything differently: reused corpora are remade
UNDATED_SHARE = 0.12
MEDIAN_WORDS = 330  # report length is log-normal around this: mostly 120-700 words, a long tail
LENGTH_SIGMA = 0.55


@dataclass(frozen=True)
class Truth:
    """What the generator put in a report, for checking the extractor against."""

    city: str
    governorate: str
    actor: str | None
    toll: int | None
    toll_approximate: bool
    date: dt.date | None
    source: str | None


@dataclass(frozen=True)
class SyntheticReport:
    number: int
    fmt: str
    title: str
    paragraphs: tuple[str, ...]
    published: str | None  # ISO date for the page's or export's metadata, when it carries one
    source: str | None  # outlet for the page's or export's metadata
    url: str
    truth: Truth

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _places_by_governorate() -> dict[str, Zipf]:
    # Only spellings that the indexer reads back as the same place, so the truth stays true.
    tables = {}
    for governorate in m.GOVERNORATE_WEIGHTS:
        entries = []
        for entry in (
            *PLACES_BY_GOVERNORATE[governorate],
            *SMALLER_PLACES_BY_GOVERNORATE.get(governorate, ()),
        ):
            canonical, *variants = entry.split("|")
            names = [n for n in (canonical, *variants) if _reads_as(n, canonical)]
            if names and names[0] == canonical:
                entries.append((canonical, tuple(names)))
        tables[governorate] = Zipf(entries, exponent=1.1)
    return tables


def _reads_as(name: str, canonical: str) -> bool:
    return [found[0] for found in find_place_mentions(name)] == [canonical]


def _check_actors() -> None:
    known = {actor for actor, _patterns in ACTOR_ALIASES if actor}
    unknown = [a for a in (*m.ACTOR_WEIGHTS, *m.ACTOR_PHRASES) if a and a not in known]
    assert not unknown, f"actors not in indexer.actor_aliases: {unknown}"
    assert all(spelling.lower() in AGENCIES for spelling in m.DATELINE_AGENCIES)


_check_actors()
_PLACES = _places_by_governorate()
_GOVERNORATE = Weighted(m.GOVERNORATE_WEIGHTS)
_ACTOR = Weighted(m.ACTOR_WEIGHTS)
_YEAR = Weighted(m.YEAR_WEIGHTS)
_WORDS = {slot: Zipf(words) for slot, words in m.WORDS.items()}
_GIVEN, _FAMILY = Zipf(m.GIVEN_NAMES), Zipf(m.FAMILY_NAMES)
_ROLE, _ORG = Zipf(m.ROLES, 0.8), Zipf(m.ORGANISATIONS, 0.8)
_SLOT = re.compile(r"\{(\w+)\}")
_PARSED: dict[str, list[str]] = {}


def _rare_name(rng: random.Random) -> str:
    # Family names made of syllables: the long tail of rare words a real archive has.
    syllables = "".join(rng.choice(m.SYLLABLES) for _ in range(rng.randint(2, 3)))
    return syllables.capitalize() + rng.choice(("i", "ani", "awi", "", "a"))


_PICKERS = {
    **_WORDS,
    "given": _GIVEN,
    "family": _FAMILY,
    "rare": _rare_name,
    "role": _ROLE,
    "attribution": Zipf(t.ATTRIBUTIONS, 0.7),
    "org": _ORG,
    "big": lambda rng: f"{rng.randint(2, 90) * 1000:,}",
    "k": lambda rng: str(rng.randint(2, 12)),
    "km": lambda rng: str(rng.randint(5, 60)),
    "year": lambda rng: str(rng.randint(2012, 2019)),
}


class _Filler:
    """Fills `{slot}` templates: fixed values first, else a fresh pick from the vocabulary."""

    def __init__(self, rng: random.Random, fixed: dict[str, str]):
        self.rng, self.fixed = rng, fixed

    def __call__(self, template: str) -> str:
        parts = _PARSED.get(template)
        if parts is None:
            parts = _PARSED[template] = _SLOT.split(template)
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            out.append(self.value(parts[index]))
            out.append(parts[index + 1])
        return "".join(out)

    def value(self, name: str) -> str:
        fixed = self.fixed.get(name)
        if fixed is not None:
            return fixed
        if name[0].isupper():
            value = self.value(name[0].lower() + name[1:])
            return value[:1].upper() + value[1:]
        if name == "person":
            return self(self.rng.choice(t.PERSON_FORMS))
        return _PICKERS[name](self.rng)


def _toll(rng: random.Random, lede: str) -> tuple[str, str, str | None, int, bool]:
    """(object phrase, subject phrase, headline figure or None, toll, approximate)."""
    n = min(max(int(math.exp(rng.gauss(math.log(6), 1.1))), 1), 600)
    if n == 1:
        obj, subj = rng.choice(t.SINGLE_TOLLS)
        return obj, subj, "1", 1, False
    roll = rng.random()
    kind = "exact" if roll < 0.72 else "sum" if roll < 0.8 else "approx" if roll < 0.93 else "vague"
    if kind == "sum" and n < 3 or kind == "vague" and n < 20 or kind == "approx" and n < 10:
        kind = "exact"
    forms = [f for f in t.TOLLS if f[0] == kind]
    if " dead" in lede:  # "left 8 people, including 3 children dead" reads badly
        forms = [f for f in forms if "including" not in f[1]]
    if n < 2 or n > 12:
        forms = [f for f in forms if "including" not in f[1] and "family" not in f[1]] or forms
    _kind, obj, subj = rng.choice(forms)
    values = {"victims": rng.choice(t.VICTIMS), "k": str(rng.randint(1, max(1, n - 1)))}
    figure: str | None = str(n)
    approximate = False
    if kind == "exact":
        values["n"] = count_words(n, rng)
    elif kind == "sum":
        b = rng.randint(1, n - 1)
        values["a"], values["b"] = count_words(n - b, rng), str(b)
    elif kind == "approx":
        n = max(n - n % 10, 10) if n >= 20 else n
        values["n"], figure, approximate = str(n), f"more than {n}", True
    else:
        word = rng.choice(t.VAGUE_WORDS)
        values["vague"], figure, approximate = word, None, True
        n = VAGUE_AMOUNTS[word]
    local = _Filler(rng, values)
    return local(obj), local(subj), figure, n, approximate


def _lower_first(phrase: str) -> str:
    first = phrase.split(" ", 1)[0]
    return phrase[0].lower() + phrase[1:] if first in m.COMMON_FIRST_WORDS else phrase


@dataclass(frozen=True)
class _Facts:
    """What a report is about, drawn before any word of it is written."""

    governorate: str
    city: str
    name: str  # the spelling the report uses
    place2: str  # another place, named in passing
    actor: str | None
    day: dt.date
    dated: bool
    date_mode: str  # where the date is given: "meta", "header", "lede" or "none"
    host: str
    source: str | None  # outlet in the page's or export's metadata
    agency: str | None  # agency in a dateline


def _facts(rng: random.Random, fmt: str) -> _Facts:
    governorate = _GOVERNORATE(rng)
    city, names = _PLACES[governorate](rng)
    name = names[0] if len(names) == 1 or rng.random() < 0.7 else rng.choice(names[1:])
    other = _GOVERNORATE(rng)
    while other == governorate:
        other = _GOVERNORATE(rng)
    place2 = _PLACES[other](rng)[1][0]
    actor = _ACTOR(rng)
    day = war_date(rng, _YEAR)
    dated = rng.random() >= UNDATED_SHARE
    in_metadata = rng.random() < {"txt": 0.0, "html": 0.7, "csv": 0.8, "jsonl": 0.8}[fmt]
    if not dated:
        date_mode = "none"
    else:
        date_mode = "meta" if in_metadata else "header" if rng.random() < 0.5 else "lede"
    outlet, host = rng.choice(m.OUTLETS)
    source = outlet if fmt != "txt" and rng.random() < 0.85 else None
    with_dateline = rng.random() < (0.45 if fmt == "txt" else 0.2)
    agency = rng.choice(m.DATELINE_AGENCIES) if with_dateline else None
    return _Facts(
        governorate, city, name, place2, actor, day, dated, date_mode, host, source, agency
    )


def _fixed_words(rng: random.Random, facts: _Facts) -> dict[str, str]:
    """The words that stay the same throughout the report: place, attacker, day, building."""
    subjects, short = m.ACTOR_PHRASES[facts.actor] if facts.actor else (("",), ("",))
    hactor = rng.choice(short)
    day = facts.day
    if facts.date_mode == "lede":
        when = f"on {day.day} {MONTHS[day.month - 1]} {day.year}"
    else:
        when = _WORDS["time"](rng)
    attacker = rng.choice(subjects)
    fixed = {
        "place": facts.name,
        "place2": facts.place2,
        "attacker": attacker,
        "Attacker": attacker[:1].upper() + attacker[1:],
        "when": when,
        "building": _WORDS["building"](rng),
        "HActor": hactor,
        "hactor": _lower_first(hactor),
    }
    if "province" in facts.name or "countryside" in facts.name:
        fixed["scene"] = facts.name  # not "the countryside of Idlib countryside"
    else:
        fixed["scene"] = _Filler(rng, fixed)(rng.choice(t.SCENES))
    return fixed


def _headline_and_lede(rng: random.Random, fixed: dict, actor: str | None):
    """(headline template, lede template, toll, approximate); fills the toll words into `fixed`."""
    if rng.random() < 0.12 and actor is not None:
        lede = rng.choice(t.LEDES_NO_TOLL)
        return rng.choice(t.HEADLINES_NO_TOLL), lede, None, False
    lede = rng.choice(t.LEDES_UNATTRIBUTED if actor is None else t.LEDES_WITH_TOLL)
    fixed["toll_obj"], fixed["toll_subj"], figure, toll, approximate = _toll(rng, lede)
    fixed["Toll_subj"] = fixed["toll_subj"]
    if figure is None:
        fixed["vague"] = fixed["toll_obj"].split(" ", 1)[0]
        pool = t.HEADLINES_VAGUE if actor and rng.random() < 0.5 else t.HEADLINES_NO_TOLL
    elif rng.random() < 0.6:
        fixed["n"] = figure
        pool = t.HEADLINES_UNATTRIBUTED if actor is None else t.HEADLINES_WITH_TOLL
    else:
        pool = t.HEADLINES_NO_TOLL
    if actor is None and pool is not t.HEADLINES_UNATTRIBUTED:
        pool = t.HEADLINES_NO_TOLL[-1:]  # the only one that names no attacker
    if figure == "1":  # "kill 1 civilians" reads badly
        pool = [h for h in pool if "{n} civilians" not in h]
    return rng.choice(pool), lede, toll, approximate


def _paragraphs(rng: random.Random, fill: _Filler, facts: _Facts, fmt: str, title: str, lede):
    """The body: lede, running text up to a drawn length, background, date and page noise."""
    lede_text = fill(lede)
    if facts.agency:
        lede_text = f"{rng.choice(m.DATELINE_PLACES)} ({facts.agency}) - {lede_text}"
    lead = [lede_text] + ([fill(rng.choice(t.FOLLOW_UPS))] if rng.random() < 0.7 else [])
    paragraphs = [" ".join(lead)]
    target = min(max(int(math.exp(rng.gauss(math.log(MEDIAN_WORDS), LENGTH_SIGMA))), 80), 4000)
    words = paragraphs[0].count(" ") + title.count(" ") + 2
    background = Deck(t.BACKGROUND_TEXT, rng).deal(rng.randint(0, 2), fill)
    words += sum(s.count(" ") + 1 for s in background)
    incident, context = Deck(t.INCIDENT_TEXT, rng), Deck(t.CONTEXT_TEXT, rng)
    while words < target:
        deck = incident if len(paragraphs) < 3 or rng.random() < 0.3 else context
        paragraph = " ".join(deck.deal(rng.randint(2, 4), fill))
        paragraphs.append(paragraph)
        words += paragraph.count(" ") + 1
    if background:
        paragraphs.append(" ".join(background))
    if facts.date_mode == "header":
        paragraphs.insert(0, _Filler(rng, date_values(facts.day, rng))(rng.choice(t.DATE_HEADERS)))
    if rng.random() < 0.08:
        paragraphs.insert(0, title)  # saved pages often repeat the headline
    if fmt != "html" and rng.random() < 0.55:
        related = _Filler(rng, {"place": facts.place2, "hactor": "fresh strikes"})
        for _ in range(rng.randint(1, 3)):
            noise = rng.choice(m.NOISE_LINES).format(
                headline=related(t.HEADLINES_NO_TOLL[1]), governorate=facts.governorate
            )
            paragraphs.insert(rng.randint(len(paragraphs) // 2, len(paragraphs)), noise)
    return paragraphs


def compose(seed: int, number: int, fmt: str = "txt", edit: int = 0) -> SyntheticReport:
    """Report `number` of the corpus made with `seed`, as written in format `fmt`.

    `edit` > 0 gives the same report with an edit note appended (the mutated version).
    """
    rng = random.Random(f"{seed}:{number}")
    facts = _facts(rng, fmt)
    fixed = _fixed_words(rng, facts)
    fill = _Filler(rng, fixed)
    headline, lede, toll, approximate = _headline_and_lede(rng, fixed, facts.actor)
    title = fill(headline)
    title = title[:1].upper() + title[1:]
    paragraphs = _paragraphs(rng, fill, facts, fmt, title, lede)
    if edit:
        editor = _Filler(
            random.Random(f"{seed}:{number}:edit:{edit}"), {**fixed, "edit": str(edit)}
        )
        paragraphs.append(editor(editor.rng.choice(t.EDIT_NOTES)))

    day = facts.day
    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])
    url = f"https://{facts.host}/syria/{day.year}/{day.month:02d}/{slug}-{number}"
    # As the indexer's readers take it: page metadata first, else (for a saved page) the host
    # of its canonical URL, else an agency dateline.
    dateline = AGENCIES[facts.agency.lower()] if facts.agency else None
    source = facts.source or (facts.host if fmt == "html" else dateline)
    truth = Truth(
        facts.city,
        facts.governorate,
        facts.actor,
        toll,
        approximate,
        day if facts.dated else None,
        source,
    )
    published = day.isoformat() if facts.date_mode == "meta" else None
    return SyntheticReport(
        number, fmt, title, tuple(paragraphs), published, facts.source, url, truth
    )
