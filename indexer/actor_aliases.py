"""Actors of the Syrian war for the actor facet: canonical names, aliases and attack/target cues.

Data only (regex fragments, matched case-insensitively unless wrapped in `(?-i:...)`); the
matching logic lives in `indexer.actors`. Order matters: earlier aliases win at the same position.
"""

from __future__ import annotations

# Words that, after a nationality or party, make it an armed force rather than a diplomat.
_FORCE = (
    r"(?:war[\s-]?planes?|fighter[\s-]jets?|jets?|aircraft|air[\s-]?force|air[\s-]?strikes?"
    r"|air[\s-]?raids?|strikes|raids?|planes?|bombers?|helicopters?|choppers?|gunships?|drones?"
    r"|forces"
    r"|troops|soldiers|army|military|artillery|shelling|shells|missiles?|rockets?|tanks"
    r"|gunboats?|navy|warships?|special[\s-]forces|bombardment|bombing|fire|snipers?|units"
    r"|militias?|fighters|advisers|advisors|servicemen|aviation|airpower|attacks?|offensive)"
)

# A nationality sharing the next one's force word: "Russian" in "Russian or regime warplanes".
_SHARED_FORCE = r"(?=\s+(?:and|or)\s+(?:[\w-]+\s+){1,2}?" + _FORCE + r"\b)"

# (canonical actor or None, alias patterns). None marks false friends that only look like an
# actor ("National Coalition" is the opposition's political body, "Iraqi army" is not a party here).
ACTOR_ALIASES: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (
        None,
        (
            r"(?:Syrian\s+)?National\s+Coalition",
            r"(?:Syrian\s+)?opposition\s+coalition",
            r"Syrian\s+coalition",
            r"(?:Iraqi|Lebanese|Jordanian|Egyptian|Libyan|Yemeni)\s+" + _FORCE,
            r"Syrian\s+Observatory",
            r"Syrian\s+Civil\s+Defen[cs]e",
        ),
    ),
    (
        "Kurdish-led forces",
        (
            r"Syrian\s+Democratic\s+Forces",
            r"(?:Kurdish\s+)?People'?s?\s+Protection\s+Units",
            r"(?:Kurdish\s+)?Women'?s?\s+Protection\s+Units",
            r"(?-i:YPG|YPJ|SDF|PYD|QSD)",
            r"Asayi?e?sh|Asayis",
            r"Kurd(?:ish)?[\s-]+led\s+(?:forces|fighters|alliance|militias?|coalition)",
            r"Kurdish\s+" + _FORCE,
            # Headline English for the Kurdish militia: "Syria Kurds advance".
            r"Syrian?\s+Kurds",
            r"Kurdish\s+(?:Self|Autonomous)[\s-]Administration(?:\s+forces)?",
            r"Self[\s-]Administration\s+forces",
        ),
    ),
    (
        "Armed opposition",
        (
            r"Free\s+Syrian\s+Army",
            r"(?-i:FSA)",
            r"Jaish\s+al[-\s]Islam|Army\s+of\s+Islam",
            r"Jaish\s+al[-\s]Fat[ae]h|Army\s+of\s+Conquest",
            r"Jaish\s+al[-\s]Izz?a|Jaish\s+al[-\s]Nasr",
            r"Ahrar\s+al[-\s]Sham",
            r"Fa[iy]laq\s+al[-\s](?:Sham|Rahman)",
            r"Nour\s+al[-\s]Din\s+al[-\s]Zenki|Zenki\s+(?:movement|group|brigades?)",
            r"Southern\s+Front",
            r"Euphrates\s+Shield\s+(?:rebels|fighters|forces|groups)",
            r"armed\s+opposition(?:\s+groups|\s+factions|\s+fighters)?",
            r"opposition\s+(?:fighters|forces|groups|factions|militants|gunmen|brigades|militias?"
            r"|alliance)",
            r"(?:Islamist\s+|Syrian\s+|moderate\s+|armed\s+)?rebels?",
            r"insurgents?",
            r"Islamist\s+(?:fighters|groups|factions|brigades|militias?)",
        ),
    ),
    (
        "al-Nusra Front",
        (
            r"(?:Jabhat|Jabha)\s+(?:al[-\s])?Nusra",
            r"(?:al[-\s])?Nusra(?:\s+Front)?",
            r"(?:Jabhat\s+)?Fat[ea]h\s+al[-\s]Sham(?:\s+Front)?",
            r"(?:Hayat|Hay'at|Hayaat|Haya|Hayyat)\s+Tahrir\s+al[-\s]Sham",
            r"Tahrir\s+al[-\s]Sham",
            r"(?-i:HTS|JFS)",
            r"Levant\s+Liberation\s+(?:Committee|Body|Organi[sz]ation)",
            r"(?:al[-\s])?Qa[e']?[ie]?da(?:'s|s)?(?:[\s-]+(?:Syria\s+)?(?:affiliate|linked|branch"
            r"|offshoot|loyalists|fighters|militants|jihadists|group))?",
        ),
    ),
    (
        "Islamic State",
        (
            r"(?:so[-\s]called\s+)?Islamic\s+State(?:\s+of\s+Iraq\s+and\s+(?:the\s+)?"
            r"(?:Levant|Syria|al[-\s]Sham))?(?:\s+group)?",
            r"(?:jihadists|militants|fighters)\s+of\s+(?:the\s+)?Islamic\s+State",
            r"ISIL|ISIS|Daesh|Da'esh|Daash|Da'ish",
            r"(?-i:IS)",
        ),
    ),
    (
        "US-led coalition",
        (
            r"(?:US|U\.S\.|American|Washington|Western)[\s-]+led\s+(?:international\s+)?"
            r"(?:coalition|alliance|strikes|air[\s-]?strikes|raids|air[\s-]?raids|forces|campaign)",
            r"(?:international|anti[-\s](?:IS|ISIS|ISIL|Daesh|jihadist|terror)|Western)\s+coalition",
            r"coalition(?:'s)?(?:\s+" + _FORCE + r")?",
            r"(?:US|U\.S\.|American|French|British|Australian|Belgian|Danish)\s+" + _FORCE,
        ),
    ),
    (
        "Russia",
        (
            r"Russian[\s-]+" + _FORCE,
            r"Russian" + _SHARED_FORCE,
            r"Russia(?:'s|s)?\s+" + _FORCE,
            r"Russia",
        ),
    ),
    (
        "Hezbollah",
        (r"(?:Lebanese\s+)?(?:Hezbollah|Hizbollah|Hizballah|Hizbullah|Hezbolla|Hizbolla)",),
    ),
    (
        "Iran",
        (
            r"Iran(?:ian)?(?:[\s-]+backed)?\s+" + _FORCE,
            r"(?:Islamic\s+)?Revolutionary\s+Guards?(?:\s+Corps)?|(?-i:IRGC)",
            r"Iran",
        ),
    ),
    (
        "Turkey",
        (
            r"Turkish\s+(?:border\s+guards|" + _FORCE[3:],
            r"Turkey(?:'s|s)?\s+" + _FORCE,
            r"Turkey",
        ),
    ),
    (
        "Israel",
        (
            r"Israeli\s+" + _FORCE,
            r"(?-i:IDF)",
            r"Israel",
        ),
    ),
    (
        "Syrian government",
        (
            r"barrel[\s-]+bombs?",
            r"(?:Syrian|Assad)(?:'s|s)?\s+(?:Arab\s+)?(?:government|regime)\s+" + _FORCE,
            r"(?:Syrian\s+)?(?:pro[\s-])?(?:government|regime|Assad)(?:'s|s)?[\s-]+" + _FORCE,
            r"pro[\s-](?:government|regime|Assad)\s+(?:gunmen|loyalists)",
            r"Syrian\s+(?:Arab\s+)?" + _FORCE,
            r"(?:Syrian|regime|government)" + _SHARED_FORCE,
            # Headline English: "Syria air strikes kill 32", "Syria army retakes ...".
            r"Syria\s+(?:air[\s-]?strikes?|air[\s-]?raids?|army|troops|regime|military|war[\s-]?planes?"
            r"|jets?|helicopters?|government\s+forces)",
            r"(?-i:SAA|NDF)",
            r"National\s+Defen[cs]e\s+Forces?",
            r"Tiger\s+Forces?",
            r"shabb?iha",
            r"(?:Syrian\s+|Assad\s+)?regime",
            r"Syrian\s+government",
            r"(?:the\s+)?government",
            r"loyalists?",
            r"(?:the\s+)?army",
        ),
    ),
)

# An alias whose matched text names a weapon or an air force is an attack in itself when it
# appears in a sentence about killing ("barrel bombs", "Russian warplanes", "coalition strikes").
WEAPON_WORDS = (
    r"\b(?:war[\s-]?planes?|jets?|aircraft|air[\s-]?force|air[\s-]?strikes?|air[\s-]?raids?"
    r"|strikes|raids?|planes?|bombers?|helicopters?|choppers?|gunships?|drones?|artillery|shelling"
    r"|shells|missiles?"
    r"|rockets?|tanks|gunboats?|warships?|bombardment|bombing|bombs?|fire|snipers?|aviation"
    r"|airpower|attacks?|offensive)\b"
)

# A sentence is about killing when it contains one of these.
KILLING_CUES = (
    r"\b(?:kill(?:ed|s|ing)?|dead|died|dies|death|deaths|massacred?|slain|shell(?:ed|ing|s)"
    r"|air[\s-]?strikes?|air[\s-]?raids?|bomb(?:s|ed|ing|ings|ardment|ardments)?|suicide"
    r"|execut(?:e|ed|es|ing|ion|ions)|behead(?:ed|ing|s)?|explosions?|blasts?|martyr(?:s|ed)?"
    r"|casualties|victims|struck|strikes?|attack(?:s|ed)?|shot|gunfire|sniper|chemical|toxic|gas"
    r"|raids?|rockets?|mortars?|missiles?|car[\s-]bomb)\b"
)

# Text right AFTER an actor that makes it the territory, not the attacker ("IS-held Raqqa").
TERRITORY_AFTER = (
    r"^(?:'s|s)?[\s-]+(?:held|controlled|run|dominated|ruled|occupied|besieged|administered"
    r"|stronghold|strongholds|bastion|territory|territories|enclave|areas?|zones?|side|capital"
    r"|neighbou?rhoods?|districts?|regions?|parts?)\b",
)

# Text right BEFORE an actor that makes it the territory ("held by IS", "under rebel control").
TERRITORY_BEFORE = (
    r"\b(?:held|controlled|run|ruled|besieged|surrounded|encircled|occupied|dominated|seized|taken)"
    r"\s+by\s+(?:the\s+)?$",
    r"\bunder\s+(?:the\s+)?(?:control\s+of\s+(?:the\s+)?)?$",
)

# Text right AFTER an actor that makes it the victim ("IS fighters were killed", "regime
# positions", "rebels lost").
TARGET_AFTER = (
    r"^(?:'s|s)?\s+(?:[\w-]+\s+){0,3}?(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being)"
    r"\s+(?:\w+\s+)?(?:killed|slain|dead|wounded|injured|hit|targeted|executed|beheaded|struck)\b",
    r"^(?:'s|s)?\s+(?:[\w-]+\s+){0,3}?(?:died|lost|suffered|perished)\b",
    r"^(?:'s|s)?\s+(?:[\w-]+\s+)?(?:(?-i:targets?)|positions?|hideouts?|bases?|headquarters"
    r"|posts?|checkpoints?|depots?|convoys?|commanders?|leaders?|sites?|facilities|camps?"
    r"|vehicles?|barracks|airbase|air\s+base|airport|dead|casualties|losses)\b",
    r"^(?:'s|s)?\s+(?:[\w-]+\s+){0,2}?(?<!shot\s)dead\b",
    # "regime soldiers killed in ..." is passive; "regime forces killed 20 civilians" is not.
    r"^(?:'s|s)?\s+(?:[\w-]+\s+)?killed\s+(?:in|on|at(?!\s+least)|by|during|when|while|as|after"
    r"|and|near|overnight|yesterday|today|since|last|this|earlier|early|late)\b",
    r"^(?:'s|s)?\s+(?:[\w-]+\s+)?killed\W*$",
    r"^(?:'s|s)?\s+(?:[\w-]+\s+){0,2}?(?:(?:is|was|were|been)\s+)?(?:shot\s+down|downed"
    r"|crashed|crashes|captured)\b",
)

# Text right BEFORE an actor that makes it the victim ("strikes on IS", "killing 12 rebels").
TARGET_BEFORE = (
    r"\b(?:against|on|at|targeting|targeted|target|hit|hitting|struck|striking|bombed|bombing"
    r"|pounded|pounding|shelled|shelling|attacked|attacking|killing|killed|kill|kills|killed"
    r"|fighting|battling|positions\s+of|fighters\s+of|members\s+of|ranks\s+of|fight|war\s+on"
    r"|defeat|defeating|offensive\s+against|campaign\s+against|executed|ambushed|of|among)"
    r"\s+(?:the\s+)?(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|around\s+)?"
    r"(?:\d[\d,]*\s+|dozens\s+of\s+|scores\s+of\s+|hundreds\s+of\s+|several\s+|many\s+|two\s+"
    r"|three\s+|four\s+|five\s+|six\s+|seven\s+|eight\s+|nine\s+|ten\s+)?$",
    # A count right before the actor ("killing 12 rebels"), not a year ("June 8 2016 the regime").
    r"(?:^|\b)(?:(?!(?:19|20)\d\d\b)\d[\d,]*|dozens|scores|hundreds|several|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve)\s+(?:of\s+)?(?:the\s+)?(?:[a-z][\w-]*\s+)?$",
)

# Text right BEFORE an actor that makes it the attacker ("killed by regime shelling").
ATTACKER_BEFORE = (
    r"\b(?:by|at\s+the\s+hands\s+of|carried\s+out\s+by|blamed\s+on)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?$",
    # Attribution by a third party: "activists accused Assad's forces of", "pinning the blame on".
    r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing))\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$",
    r"\b(?:blam(?:ed|es|ing)|blame|responsibility)\s+(?:[\w-]+\s+){0,5}?on\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?$",
    r"\b(?:clashes|fighting|battles|confrontations)\s+with\s+(?:the\s+)?$",
)

# Text right BEFORE an actor that denies its part ("there have been no US strikes").
NEGATED_BEFORE = (r"\b(?:no|not|never|without|denied|deny|denies)\s+(?:any\s+)?$",)

# "by" phrases that do not name the attacker ("backed by Russia", "reported by the regime").
NOT_ATTACKER_BY = (
    r"\b(?:backed|supported|led|reported|said|announced|claimed|confirmed|denied|accused|blamed"
    r"|funded|armed|trained|sponsored|recaptured|captured|retaken|won|used|condemned|welcomed"
    r"|followed|joined|attended|hosted|brokered|agreed|proposed|sent|issued|published|released"
    r"|quoted|cited|run|held|controlled|besieged|surrounded)\s+(?:\w+ly\s+)?by\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?$",
)

# Text right AFTER an actor that makes it the attacker ("rebels shelled", "IS claimed").
ATTACKER_AFTER = (
    r"^(?:'s|s)?(?:[\s-]+(?:led|backed|allied|affiliated|linked))?\s+(?:[\w-]+\s+){0,3}?"
    r"(?:shell|bomb|struck|strike|hit|attack|target|execut|kill|massacr|shot|shoot|behead|storm"
    r"|launch|fire|fired|pound|blew|blow|detonat|carried\s+out|claim|opened\s+fire|raid|air[\s-]?"
    r"strike|air[\s-]?raid|war[\s-]?plane|jet|aircraft|plane|helicopter|rocket|missile|mortar"
    r"|artillery|barrel|car\s+bomb|suicide|sniper|gunmen|(?:counter[\s-]?)?offensive"
    r"|(?:counter[\s-]?)?attack|assault|drone|massacre|ambush|assassinat|gass|drop|slaughter"
    r"|murder|gun(?:ned)?\s+down|destroy|eliminat|wipe|wiping)\w*\b",
    # "the regime was responsible for", "Assad's forces were behind", "bears responsibility".
    r"^(?:'s|s)?\s+(?:[\w-]+\s+){0,3}?(?:(?:was|were|is|are|be|been)\s+(?:\w+\s+){0,2}?"
    r"(?:behind|responsible)|bears?\s+(?:\w+\s+)?responsibility)\b",
)

# Past the lead, a sentence still tells of the report's own incident when it points back to it
# ("the raids were carried out by ...").
INCIDENT_REFERENCE = (
    r"\b(?:the|these|those|this|that|today's|yesterday's|latest)\s+(?:[\w-]+\s+)?"
    r"(?:air[\s-]?)?(?:raids?|strikes?|attacks?|bombings?|bombardments?|shelling|blasts?"
    r"|explosions?|massacres?|assault|killings?)\b",
)

# A sentence that tells of an earlier incident or of the war at large, not of the report's own.
BACKGROUND_CUES = (
    r"\b(?:a|one|two|three|several|few)\s+(?:days?|weeks?|months?|years?)\s+(?:after|before|ago)\b",
    r"\b(?:earlier\s+this|last|previous|past)\s+(?:week|month|year|summer|winter|spring|autumn)\b",
    r"\b(?:since|previously|regularly|repeatedly|frequently|often|routinely)\b",
    r"\bin\s+(?:(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+)?(?:19|20)\d\d\b",
)

# Forces that fight for another party's side. When a report cannot tell which of them struck
# ("either Russian or regime warplanes"), the side they share is still the one it names.
ALLIED_WITH: dict[str, str] = {
    "Russia": "Syrian government",
    "Iran": "Syrian government",
    "Hezbollah": "Syrian government",
}

# A sentence that says the attacker is unknown or disputed names no perpetrator, whatever it names.
UNCERTAINTY_CUES = (
    r"\b(?:not\s+(?:immediately\s+)?(?:clear|known)\s+(?:who|which|whether)|unidentified"
    r"|unknown\s+(?:aircraft|warplanes?|jets?|gunmen|assailants|attackers)|either\s+(?:by\s+)?"
    r"|no\s+(?:one|group)\s+(?:has\s+|had\s+)?(?:yet\s+)?claimed|no\s+immediate\s+claim"
    r"|no\s+(?:one|group|party|faction)\s+(?:has\s+|had\s+)?(?:yet\s+|immediately\s+)?"
    r"(?:announced|admitted|accepted)"
    r"|did\s+not\s+say\s+who|without\s+saying\s+who)\b",
)
