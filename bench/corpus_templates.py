"""Sentence templates for the synthetic benchmark corpus: headlines, ledes, death-toll phrasings and
the running text around them, written for this project.

Data only: `{slot}` marks a word bench/synthetic.py fills in (a capitalised slot name gets a
capitalised value). Running-text templates never state a toll of their own, so the planted one
is the report's only figure of the dead (the extractor's ground truth stays exact).
"""

from __future__ import annotations

# Ways of stating the toll. Each: (kind, object form after "killing", subject form opening a
# sentence). Kinds: "exact" n, "sum" a + b, "approx" hedged n, "vague" a word such as "dozens".
TOLLS = (
    ("exact", "at least {n} {victims}", "At least {n} {victims} were killed"),
    ("exact", "{n} {victims}", "{N} {victims} were killed"),
    (
        "exact",
        "{n} {victims}, including {k} children",
        "{N} {victims}, including {k} children, died",
    ),
    ("exact", "{n} members of one family", "{N} members of one family were killed"),
    ("sum", "{a} civilians and {b} fighters", "{A} civilians and {b} fighters were killed"),
    ("approx", "more than {n} {victims}", "More than {n} {victims} were killed"),
    ("approx", "nearly {n} {victims}", "Nearly {n} {victims} were killed"),
    ("vague", "{vague} of {victims}", "{Vague} of {victims} were killed"),
)
# A single death, which the plural forms above cannot say: (object form, subject form).
SINGLE_TOLLS = (
    ("a civilian", "A civilian was killed"),
    ("one person", "One person was killed"),
    ("a man", "A man was killed"),
    ("a child", "A child was killed"),
    ("a woman", "A woman was killed"),
)
VICTIMS = ("people", "civilians", "residents", "people", "civilians", "villagers")
VAGUE_WORDS = ("dozens", "scores")

# Who vouches for the figure, closing the lede.
ATTRIBUTIONS = (
    "activists said",
    "a monitoring group said",
    "the Syrian Observatory for Human Rights said",
    "local rescuers said",
    "state media reported",
    "medics at the scene said",
    "residents and activists said",
    "according to a local council",
)

# Scenes: where in the place it happened. {place} is the planted city.
SCENES = (
    "{place}",
    "{place}",
    "the town of {place}",
    "the {quarter} district of {place}",
    "eastern {place}",
    "the countryside of {place}",
    "a residential quarter of {place}",
)

# Ledes that carry the toll. {when} is a weekday phrase or a date ("on 12 March 2016").
LEDES_WITH_TOLL = (
    "{Attacker} struck a {building} in {scene} {when}, killing {toll_obj}, {attribution}.",
    "{Attacker} shelled {scene} {when}, killing {toll_obj}, {attribution}.",
    "{Toll_subj} {when} when {attacker} hit a {building} in {scene}, {attribution}.",
    "{Toll_subj} in strikes by {attacker} on {scene} {when}, {attribution}.",
    "{Attacker} pounded {scene} {when} in raids that left {toll_obj} dead, {attribution}.",
    "{Attacker} bombed a {building} in {scene} {when}, killing {toll_obj}, {attribution}.",
)
# Ledes of incidents nobody is named for.
LEDES_UNATTRIBUTED = (
    "A car bomb exploded near a {building} in {scene} {when}, killing {toll_obj}, {attribution}.",
    "{Toll_subj} {when} when unidentified aircraft struck a {building} in {scene}, {attribution}.",
    "An explosion ripped through a {building} in {scene} {when}, killing {toll_obj}, "
    "{attribution}.",
)
# Ledes with no deaths reported.
LEDES_NO_TOLL = (
    "{Attacker} shelled {scene} {when}, wounding {k} people and damaging a {building}, "
    "{attribution}.",
    "{Attacker} struck a {building} in {scene} {when}; no casualties were reported, {attribution}.",
    "{Attacker} launched a {intensity} attack on {scene} {when}, {attribution}.",
)

# Headlines. {n} is the toll as a figure, {HActor} a short attacker phrase.
HEADLINES_WITH_TOLL = (
    "{HActor} kill {n} in {place}",
    "{n} killed as {hactor} hit {place}",
    "{HActor} kill {n} civilians in {place} {building} attack",
    "{place}: {n} dead after attack by {hactor}",
    "{HActor} leave {n} dead in {place}",
)
HEADLINES_VAGUE = ("{Vague} killed in {place} as {hactor} intensify",)
HEADLINES_UNATTRIBUTED = (
    "Blast kills {n} in {place}",
    "Car bomb kills {n} near {place} {building}",
)
HEADLINES_NO_TOLL = (
    "{HActor} pound {place}",
    "Fighting flares in {place} as {hactor} resume",
    "Fear grips {place} after {hactor} hit {building}",
    "{place} residents brace for new offensive",
)

# The second sentence of the lede: what happened next, no new figure of the dead.
FOLLOW_UPS = (
    "The {building} {damage}, and rescuers searched the rubble for survivors.",
    "Dozens of others were wounded, several of them critically, medics said.",
    "{K} others were wounded and taken to a {condition} clinic nearby.",
    "Witnesses said the first blast came without warning as {group} gathered outside the "
    "{building}.",
    "Rescue teams worked through the night with their bare hands and a single bulldozer.",
    "The strikes came as {group} lined up for {need} in the morning cold.",
)

# Running text about the incident: rescue, damage, voices from the scene.
INCIDENT_TEXT = (
    "Footage shared by {group} showed a {building} with its front torn away and cars burning "
    "in the street.",
    '"We heard the planes and then everything went dark," said {person}, {role}.',
    '"There was no warning, nothing," said {person}, {role}, who helped carry the wounded.',
    "The nearest working hospital is more than an hour away over damaged roads, {group} said.",
    "Volunteers with the civil defence said their teams had run short of {need} and fuel.",
    "Several buildings near the {building} were damaged, and power was cut across the {area}.",
    "Doctors at a {condition} field clinic said they were treating patients on the floor.",
    "A second strike hit the same spot minutes later, as {group} rushed to help.",
    '"My children ask me every night whether the planes will come back," said {person}.',
    "Shopkeepers pulled down their shutters and {group} sheltered in basements.",
    "Residents said the {area} had been quiet for weeks before the attack.",
    "The {building} had served about {big} people from the surrounding villages.",
    "Local officials appealed for {need} and for blood donations.",
    "Smoke rose over the {area} for hours, {group} said.",
    '"Nobody here carries a weapon; this is a {building}," said {person}, {role}.',
    "{Group} described scenes of {feeling} as families searched for relatives.",
    "The {intensity} shelling continued into the afternoon, residents said.",
    "Images posted online showed {group} digging through concrete and twisted metal.",
)

# Running text about the wider situation: aid, politics, the state of the front.
CONTEXT_TEXT = (
    "Aid agencies have warned for months that stocks of {need} in the {area} are running low.",
    "{Org} said it was gravely concerned about the safety of {group} in the {area}.",
    "The attack came days after {topic} was meant to bring some calm to the region.",
    "Diplomats said {topic} was unlikely to hold without pressure from the main backers.",
    "More than {big} people have fled the {area} since the offensive began, according to {org}.",
    "Prices of {need} have tripled since the main road was cut.",
    "Government forces and their allies have {verb_move} along several fronts in recent weeks.",
    "Rebel commanders said their fighters had {verb_move} after days of {intensity} clashes.",
    "{Org} called on all sides to spare hospitals, schools and markets.",
    "Talks on {topic} are due to resume next month, a diplomat said.",
    "Many families have been displaced several times and now live in tents or unfinished "
    "buildings.",
    "The road linking the {area} to the border has changed hands several times.",
    "{Group} said winter would make the shortage of {need} and {need} worse.",
    "Teachers have moved classes into basements, and many children have not been to school "
    "in years.",
    "The United Nations said it had not been able to reach the {area} since {month}.",
    "Analysts said the {intensity} push was aimed at securing the main highway before {topic}.",
    "A spokesman for {org} said convoys carrying {need} were waiting for permission to enter.",
    "Electricity reaches the {area} for about {k} hours a day, residents said.",
    "Humanitarian workers said {feeling} was spreading among {group} who had nowhere left to go.",
    "Local councils have tried to keep bakeries running with generators and smuggled fuel.",
)

# Background and other fronts, kept to the end of a report, as reports keep them.
BACKGROUND_TEXT = (
    "The war, which began in 2011 with protests against the government, has killed hundreds "
    "of thousands of people and displaced millions.",
    "Fighting also continued around {place2}, where {group} reported {intensity} shelling {when}.",
    "The {area} lies about {km} kilometres north of {place2}.",
    "Clashes were also reported on the road between {place2} and the border.",
    "Elsewhere, {group} in {place2} said the situation was calm but tense.",
    "The conflict has forced more than half of the country's pre-war population from their homes.",
    "In {month} {year}, a similar attack on the {area} drew international condemnation.",
    "Several rounds of talks have failed to produce a lasting settlement.",
    "Reconstruction has barely started in the parts of the country where the guns fell silent.",
)

# Quoted remarks have a speaker built from these.
PERSON_FORMS = ("{given} {family}", "{given} al-{family}", "Abu {given}", "{given} {rare}")

# A mutated report gets one of these appended, so its text (and hash) changes.
EDIT_NOTES = (
    "Correction: an earlier version of this report misspelt the name of {person}. [Edit {edit}]",
    "This report was updated {when} with comments from {org}. [Edit {edit}]",
    "Update: {org} said it had sent a team to assess the damage to the {building}. [Edit {edit}]",
)

# Date headers in the shapes saved pages carry them (noise.DATE_HEADER reads all of these).
DATE_HEADERS = (
    "{d} {Month} {y}",
    "{Wd} {d} {Mon} {y}",
    "{Month} {d}, {y}",
    "Published {d} {Month} {y}",
    "{Weekday} {d} {Month} {y} {hh}:{mm}",
    "{y}-{m2}-{d2}",
)
