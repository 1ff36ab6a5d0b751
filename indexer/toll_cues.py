"""Word lists the death-toll extractor reads: numbers, hedges, killing and injury cues.

Data only (tuples, sets and mappings); the logic that uses them lives in indexer.tolls.
Entries are lower-case and single tokens unless the name says otherwise.
"""

from __future__ import annotations

# Number words. Compounds ("twenty-two", "one hundred and five") are built from these by the parser.
UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1000}
DOZEN = 12

# Vague quantities, with the value a reader would picture; always approximate.
VAGUE_AMOUNTS = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens": 20,  # "tens of civilians", as Syrian state media write it
}

# Hedges in front of a number, as token tuples, mapped to whether they make the figure approximate.
# "at least 12" is a floor the report vouches for, so the value stays exact.
HEDGES = {
    ("at", "least"): False,
    ("a", "minimum", "of"): False,
    ("a", "total", "of"): False,
    ("more", "than"): True,
    ("over",): True,
    ("nearly",): True,
    ("almost",): True,
    ("around",): True,
    ("about",): True,
    ("some",): True,
    ("roughly",): True,
    ("approximately",): True,
    ("up", "to"): True,
    ("close", "to"): True,
    ("as", "many", "as"): True,
    ("upwards", "of"): True,
    ("an", "estimated"): True,
    ("estimated",): True,
    ("at", "least", "several"): True,
}

# Words that say people died, when they follow the figure ("12 were killed", "17 dead").
KILLED_AFTER = frozenset(
    "killed dead died die dies deaths death bodies corpses martyred martyrs slain perished"
    " executed massacred fatalities lives".split()
)
# Verbs that take the dead as their object, when they precede the figure ("killing 8").
KILLING_BEFORE = frozenset(
    "killed killing kills kill execute executed executes executing massacred massacre massacres"
    " slaughtered slaughtering slaughter slew claimed claiming leaving left".split()
)
# Phrases whose last token sits right before the figure and still means "the dead numbered".
# Stored as token tuples: ("lives", "of") covers "claimed the lives of 18".
KILLING_PHRASES = (
    ("lives", "of"),
    ("deaths", "of"),
    ("death", "of"),
    ("bodies", "of"),
    ("life", "of"),
    ("killing", "of"),
    ("massacre", "of"),
)
# "left"/"leaving"/"claimed" only mean killing when death words follow ("left 5 dead").
NEEDS_DEATH_WORD_AFTER = frozenset("leaving left claimed claiming".split())

# Words between a death-toll cue and its figure: "the death toll rose to 45", "toll hit 112".
TOLL_NOUNS = frozenset("toll tally".split())
TOLL_FILLERS = frozenset(
    "has have had rose risen rises rising climbed climbs jumped jumps increased reached reaches"
    " hit hits stands stood is was now to at of from up further".split()
)
# How far back (in tokens) a "toll" may stand from its figure: "the death toll in the bomb attack
# on the evacuees' buses has risen to 112".
TOLL_REACH = 14
# A toll described as superseded is not the report's figure ("the previous toll was 20").
STALE_TOLL_CUES = frozenset("previous previously earlier initial old first".split())

# Words that mean hurt: they override even a killing verb before the figure ("killed 9 injured").
HURT = frozenset(
    "injured injuring injures injure wounded wounding wounds wound hurt injuries casualties"
    " suffocation treated hospitalised hospitalized".split()
)
# Words that mean displaced, held or missing: a figure they describe is no toll, unless a killing
# verb governs it ("killed 120 militants fleeing Raqqa").
NOT_KILLED = HURT | frozenset(
    "displaced fled fleeing evacuated evacuees refugees arrested arresting detained detaining"
    " abducted kidnapped captured capturing missing trapped besieged rescued affected homeless"
    " released freed escaped infiltrated".split()
)

# Words that may sit between a figure and its death word without breaking the link.
LINKING_WORDS = frozenset(
    "were was are is have has had been be being reportedly reported confirmed allegedly all also"
    " later subsequently so far now more other others people persons".split()
)

# Nouns that name who died; a figure followed by one is a head count.
PEOPLE_NOUNS = frozenset(
    "people persons person civilians civilian citizens citizen residents fighters fighter"
    " soldiers soldier troops militants militant rebels rebel jihadists jihadist terrorists"
    " terrorist members member children child kids women woman men man boys girls babies infants"
    " family families policemen officers officer guards gunmen insurgents extremists mercenaries"
    " recruits volunteers workers medics doctors nurses journalists students schoolchildren"
    " pupils worshippers victims others individuals militiamen loyalists personnel servicemen"
    " commanders crew displaced refugees inmates prisoners detainees captives elements"
    " forces".split()
)
# Singular people nouns that stand for one death after "a"/"an" ("a child was killed").
SINGLE_PERSON_NOUNS = frozenset(
    "civilian child woman man boy girl baby infant soldier fighter person citizen resident"
    " journalist policeman officer militant rebel member worker medic doctor nurse"
    " student".split()
)

# Words that open a subset of a figure already counted ("8 civilians including 3 children").
SUBSET_OPENERS = frozenset("including mostly incl".split())
SUBSET_PHRASES = (
    ("of", "them"),
    ("of", "whom"),
    ("most", "of"),
    ("among", "them"),
    ("among", "whom"),
)
# "2 medics among 31 dead": a figure followed by this word (and another figure) is a part of it.
PART_OF = "among"

# Words joining figures of one statement that add up ("12 civilians and 5 fighters").
SUM_JOINERS = frozenset("and plus".split())

# Nouns after a figure that make it a measure, not a head count ("15 days", "140 km").
MEASURE_NOUNS = frozenset(
    "year years yr yrs month months week weeks day days hour hours minute minutes second seconds"
    " km kms kilometres kilometers kilometre kilometer miles mile metres meters metre meter m"
    " percent per cent times storeys stories floors tons tonnes kg dollars usd euros pounds"
    " billion million pm am gmt utc mm cm feet foot rounds shells rockets missiles strikes raids"
    " airstrikes sorties bombs barrel vehicles cars tanks buses villages towns positions"
    " checkpoints buildings homes houses targets hectares acres points".split()
)
# Words before a figure that make it something other than a head count ("aged 12", "No. 4").
NOT_COUNT_BEFORE = frozenset(
    "aged age no number resolution route highway page article brigade division regiment"
    " corps battalion unit road flight $ £ € ages".split()
)

# Sentences about the whole war's toll, not the incident's, matched as lower-case substrings.
CUMULATIVE_CUES = (
    "since 2011",
    "since march 2011",
    "since the start of",
    "since the beginning of",
    "since the outbreak of",
    "since the onset of",
    "since the conflict",
    "since the war",
    "since the uprising",
    "since the revolt",
    "since the crisis",
    "since it began",
    "since it erupted",
    "since it started",
    "has since killed",
    "that has killed",
    "which has killed",
    "that have killed",
    "which have killed",
    "has so far killed",
    "have since killed",
    "began in 2011",
    "erupted in 2011",
    "started in 2011",
    "war has killed",
    "war have killed",
    "war that has killed",
    "war which has killed",
    "conflict has killed",
    "conflict that has killed",
    "conflict which has killed",
    "conflict has claimed",
    "war has claimed",
    "years of war",
    "years of conflict",
    "years of fighting",
    "civil war that has",
    "so far this year",
    "this year alone",
    "since the beginning of the year",
    "since january",
    "in total since",
    "overall death toll",
    "overall toll",
    "total death toll",
    "cumulative",
)

# Tokens that say a figure is an updated toll ("the death toll rose to 45", "new toll").
UPDATE_CUES = frozenset(
    "rose risen rises climbed climbs jumped increased reached new updated".split()
)

# Month names, so that "16 April" and "April 16" are read as dates, not counts.
MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
