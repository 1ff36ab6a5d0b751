"""Two crafted reports added to the sample for the browser tests: a long one where the searched
word ("cistern") first appears far below the fold and twice more, each a screen or more apart,
with its facts stated in the body (so their evidence is marked in the text); a shorter one like it.
"""

from __future__ import annotations

LONG_ID = "aleppo-water-cistern-long.txt"
SHORT_ID = "idlib-cistern-repairs.txt"
MATCH_WORD = "cistern"

_FILLER = [
    "Residents of the Salaheddine district queued for hours at standpipes on {day} morning, "
    "carrying plastic jerrycans and cooking pots through streets strewn with rubble.",
    "Engineers from the local council said the main pumping station had been without power "
    "for {n} days, and that the diesel for its generators had run out.",
    "A baker on the old market street said he had closed his ovens because there was no water "
    "to make dough, and that his neighbours now shared a single tap between {n} families.",
    "Aid workers said prices for trucked water had risen {n}-fold since the start of the month, "
    "beyond the reach of most households in the besieged neighbourhoods.",
    "Doctors at a field clinic reported a rise in cases of diarrhoea among children, which they "
    "blamed on water drawn from wells dug by hand in courtyards and gardens.",
]
_MATCHES = {
    15: "Volunteers said the shelling on Saturday had cracked the district's largest cistern, "
    "an old stone reservoir under the mosque square, and that water poured into the street.",
    30: "A second cistern, dug under a school in the 1980s, was still full, the council said, "
    "but its pump had been stolen and the lid was buried under debris.",
    45: "Residents said they would try to seal the cistern with clay and plastic sheeting before "
    "the winter rains, if the shelling allowed them to work.",
}


def _long_report() -> str:
    paragraphs = [
        "Water runs out in eastern districts as queues come under fire",
        "Sun 13 Mar 2016",
        "Government artillery shelled a crowd queuing for water in the Salaheddine district of "
        "eastern Aleppo on Saturday, killing 14 people, rescue workers said.",
    ]
    for number in range(1, 61):
        if number in _MATCHES:
            paragraphs.append(_MATCHES[number])
        else:
            filler = _FILLER[number % len(_FILLER)]
            paragraphs.append(filler.format(day="Sunday", n=number % 7 + 2))
    return "\n\n".join(paragraphs) + "\n"


def _short_report() -> str:
    return (
        "Volunteers repair shelled water cistern in Idlib\n\n"
        "Wed 20 Apr 2016\n\n"
        "Volunteers in Idlib city began repairing a stone cistern cracked by shelling last week, "
        "the local council said, as residents queued at standpipes for water.\n\n"
        "Engineers said the pumping station had been without power for days and the diesel for "
        "its generators had run out, leaving households to buy trucked water.\n"
    )


EXTRA_REPORTS = {LONG_ID: _long_report(), SHORT_ID: _short_report()}
