"""Seeded picking for the synthetic corpus: ranked (Zipf) and weighted choices, a deck that deals
templates without repeats, and dates and counts written the ways reports write them.

Every function takes the caller's random.Random, never the global one, so output is reproducible.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from itertools import accumulate

from indexer.toll_cues import TENS, UNITS

MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_NUMBER_WORDS = {value: word for word, value in UNITS.items()}
_TENS_WORDS = {value: word for word, value in TENS.items()}


class Zipf:
    """Picks from a ranked list with probability falling as 1 / rank**exponent."""

    def __init__(self, items, exponent: float = 1.0):
        self.items = tuple(items)
        self.cumulative = list(
            accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(self.items)))
        )

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


class Weighted(Zipf):
    """Picks a key of {item: weight} in proportion to its weight."""

    def __init__(self, weights: dict):
        self.items = tuple(weights)
        self.cumulative = list(accumulate(weights.values()))


class Deck:
    """Deals templates from a pool in a shuffled order, so a report repeats none until it has
    used them all."""

    def __init__(self, pool, rng: random.Random):
        self.pool, self.rng, self.cards = pool, rng, []

    def deal(self, count: int, fill) -> list[str]:
        dealt = []
        for _ in range(count):
            if not self.cards:
                self.cards = list(self.pool)
                self.rng.shuffle(self.cards)
            dealt.append(fill(self.cards.pop()))
        return dealt


def count_words(n: int, rng: random.Random) -> str:
    """A count as reports write it: small ones often in words ("seven", "twenty-two")."""
    if n < 20 and rng.random() < 0.5:
        return _NUMBER_WORDS[n]
    if 20 < n < 100 and n % 10 and rng.random() < 0.2:
        return f"{_TENS_WORDS[n - n % 10]}-{_NUMBER_WORDS[n % 10]}"
    return str(n)


def war_date(rng: random.Random, years: Weighted) -> dt.date:
    """A day of a year drawn from `years`; none before the uprising of March 2011."""
    year = years(rng)
    start = dt.date(2011, 3, 15) if year == 2011 else dt.date(year, 1, 1)
    return start + dt.timedelta(days=rng.randrange((dt.date(year, 12, 31) - start).days + 1))


def date_values(day: dt.date, rng: random.Random) -> dict[str, str]:
    """The parts a date header template may use: {d} {Month} {Mon} {y} {Wd} {hh} ..."""
    month, weekday = MONTHS[day.month - 1], WEEKDAYS[day.weekday()]
    return {
        "d": str(day.day),
        "Month": month,
        "Mon": month[:3],
        "y": str(day.year),
        "Wd": weekday[:3],
        "Weekday": weekday,
        "m2": f"{day.month:02d}",
        "d2": f"{day.day:02d}",
        "hh": f"{rng.randint(6, 23):02d}",
        "mm": f"{rng.randint(0, 59):02d}",
    }
