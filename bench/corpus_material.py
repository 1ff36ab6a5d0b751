"""Word material for the synthetic benchmark corpus: vocabulary, people, outlets, noise lines and
the English phrases that name each actor as an attacker, all written for this project.

Data only. Place names and canonical actor names are not repeated here: bench/synthetic.py takes
them from the indexer's own gazetteer and alias tables. Lists are ranked, most frequent first.
"""

from __future__ import annotations

# How often each governorate is the scene, roughly as war reporting spread its attention.
GOVERNORATE_WEIGHTS = {
    "Aleppo": 22,
    "Idlib": 17,
    "Rif Dimashq": 13,
    "Damascus": 7,
    "Deir ez-Zor": 9,
    "Raqqa": 8,
    "Homs": 7,
    "Hama": 6,
    "Daraa": 5,
    "Hasakah": 3,
    "Latakia": 2,
    "Quneitra": 1,
    "As-Suwayda": 1,
    "Tartus": 1,
}

# Canonical actor (as in indexer.actor_aliases) -> how often it is the attacker; None: not said.
ACTOR_WEIGHTS = {
    "Syrian government": 30,
    "Islamic State": 13,
    "Russia": 12,
    "Armed opposition": 9,
    "US-led coalition": 8,
    "al-Nusra Front": 6,
    "Kurdish-led forces": 4,
    "Turkey": 4,
    "Israel": 2,
    "Hezbollah": 2,
    "Iran": 2,
    None: 8,
}

# Canonical actor -> (subject phrases for the lede, short phrases for a headline).
ACTOR_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Syrian government": (
        (
            "government warplanes",
            "regime helicopters",
            "Syrian army artillery",
            "pro-government forces",
            "government forces",
            "Syrian government jets",
            "regime aircraft",
        ),
        ("Regime air strikes", "Government shells", "Syrian army rockets", "Regime jets"),
    ),
    "Russia": (
        ("Russian warplanes", "Russian jets", "Russian aircraft", "Russian bombers"),
        ("Russian strikes", "Russian jets", "Russian air raids"),
    ),
    "Hezbollah": (
        ("Hezbollah fighters", "Lebanese Hezbollah fighters", "Hezbollah gunners"),
        ("Hezbollah fighters", "Hezbollah rockets"),
    ),
    "Iran": (
        ("Iranian-backed militias", "Iranian forces", "Iranian troops"),
        ("Iranian-backed militias", "Iranian artillery"),
    ),
    "Armed opposition": (
        ("rebel fighters", "opposition fighters", "Free Syrian Army fighters", "rebels"),
        ("Rebel shells", "Rebel rockets", "Opposition fighters"),
    ),
    "al-Nusra Front": (
        ("al-Nusra Front fighters", "Hayat Tahrir al-Sham fighters", "Nusra militants"),
        ("Nusra Front fighters", "Hayat Tahrir al-Sham fighters"),
    ),
    "Islamic State": (
        ("Islamic State militants", "IS fighters", "Islamic State gunmen", "ISIS jihadists"),
        ("Islamic State militants", "IS suicide bombers", "ISIS gunmen"),
    ),
    "US-led coalition": (
        ("US-led coalition warplanes", "coalition aircraft", "US-led coalition jets"),
        ("Coalition strikes", "US-led coalition raids"),
    ),
    "Kurdish-led forces": (
        ("Syrian Democratic Forces fighters", "YPG fighters", "Kurdish-led forces"),
        ("SDF shells", "YPG fighters"),
    ),
    "Turkey": (
        ("Turkish warplanes", "Turkish artillery", "Turkish troops"),
        ("Turkish strikes", "Turkish shells"),
    ),
    "Israel": (
        ("Israeli jets", "Israeli warplanes", "Israeli missiles"),
        ("Israeli strikes", "Israeli missiles"),
    ),
}

# First words of headline phrases that are common nouns, lower-cased inside a sentence.
COMMON_FIRST_WORDS = frozenset({"Regime", "Government", "Rebel", "Opposition", "Coalition"})

# Fictional outlets (site names for saved pages and export rows) and their web hosts.
OUTLETS = (
    ("Euphrates Wire", "news.euphrates-wire.org"),
    ("Levant Monitor", "levantmonitor.example.net"),
    ("Orontes Post", "orontespost.example.com"),
    ("The Northern Ledger", "northernledger.example.org"),
    ("Crossroads Daily", "crossroads-daily.example.com"),
    ("Khabur Valley Times", "khaburtimes.example.org"),
    ("Desert Line News", "desertline.example.net"),
    ("Citadel Report", "citadelreport.example.com"),
    ("Qalamoun Courier", "qalamouncourier.example.org"),
    ("Eastern Mediterranean Review", "emreview.example.net"),
)

# Agency spellings for datelines (each a key of indexer.noise.AGENCIES) and where they file from.
DATELINE_AGENCIES = ("AFP", "Reuters", "AP", "SANA", "Anadolu Agency", "dpa", "Xinhua")
DATELINE_PLACES = (
    "BEIRUT",
    "DAMASCUS",
    "AMMAN",
    "ISTANBUL",
    "GAZIANTEP",
    "ANKARA",
    "MOSCOW",
    "GENEVA",
    "UNITED NATIONS",
    "ERBIL",
)

# People quoted: given names and family names, plus syllables that make rarer family names
# (the long tail of proper nouns every real archive has).
GIVEN_NAMES = (
    "Ahmad Mohammad Omar Khaled Mahmoud Ali Hassan Hussein Ibrahim Yusuf Abdullah Mustafa Rami"
    " Samer Bassam Fadi Ammar Ziad Walid Nour Maher Tarek Karim Adnan Jamil Fares Hadi Majd"
    " Rana Lina Huda Maryam Fatima Zainab Amal Reem Salma Dima Hiba Rasha Layla Yasmin Ghada"
    " Nadia Samira Aisha Khadija Rojin Dilan Berivan Shiyar Azad Rezan Hozan Firas Ayham Wael"
).split()
FAMILY_NAMES = (
    "Haddad Khatib Masri Halabi Shami Homsi Idlibi Najjar Sabbagh Akkad Hamwi Darwish Kurdi"
    " Hariri Zoubi Qassem Sheikh Aswad Hallaq Tabbakh Jabri Azm Qudsi Barazi Atassi Kayali Sayed"
    " Mardini Nasser Othman Rifai Tarabishi Youssef Hamdan Salloum Jaber Hammoud Khouri Saleh"
).split()
SYLLABLES = (
    "ba bi da di fa ha hi ja ka ki la li ma mi na ni qa ra ri sa si ta ti wa ya za zu kh sh"
    " dar sal mar bash kar nas tal far jam ham rab"
).split()

# Who speaks in a report (each a noun phrase after "said NAME,").
ROLES = (
    "a resident",
    "an activist",
    "a local council member",
    "a doctor at a field hospital",
    "a rescue worker",
    "a teacher who fled the fighting",
    "a shopkeeper",
    "a spokesman for a rebel faction",
    "a military analyst",
    "an aid worker",
    "a nurse",
    "a farmer",
    "a journalist based in the area",
    "a volunteer with a relief group",
    "a father of four",
    "a university student",
    "a member of the civil defence",
    "a community elder",
)

# Organisations that report, count or help; none of them is a party to the fighting.
ORGANISATIONS = (
    "the Syrian Observatory for Human Rights",
    "a local monitoring group",
    "the United Nations",
    "the International Committee of the Red Cross",
    "the World Food Programme",
    "Doctors Without Borders",
    "the UN refugee agency",
    "the UN humanitarian office",
    "Amnesty International",
    "Human Rights Watch",
    "the local health directorate",
    "a network of activists",
    "the Syrian Arab Red Crescent",
    "UNICEF",
)

# Slot vocabularies for the running text, ranked so word frequencies fall off like Zipf's law.
WORDS: dict[str, tuple[str, ...]] = {
    "intensity": tuple(
        "heavy fierce intense renewed sporadic sustained relentless fresh widespread violent"
        " repeated sudden bitter ferocious prolonged steady constant nightly".split()
    ),
    "condition": tuple(
        "makeshift overcrowded damaged crowded small underground improvised besieged temporary"
        " busy run-down".split()
    ),
    "quarter": tuple("eastern northern southern western old central".split()),
    "building": (
        "market",
        "hospital",
        "school",
        "bakery",
        "mosque",
        "field clinic",
        "water station",
        "residential block",
        "bus station",
        "power plant",
        "fuel depot",
        "camp for displaced families",
        "police station",
        "grain silo",
        "checkpoint",
        "bridge",
        "courthouse",
        "orphanage",
        "vegetable market",
        "cattle market",
    ),
    "group": (
        "residents",
        "civilians",
        "families",
        "activists",
        "medics",
        "volunteers",
        "rescue workers",
        "aid workers",
        "farmers",
        "traders",
        "teachers",
        "students",
        "displaced people",
        "mothers",
        "shopkeepers",
        "doctors",
        "engineers",
        "drivers",
    ),
    "area": tuple(
        "town village district neighbourhood suburb countryside area city outskirts enclave"
        " plain valley hillside quarter".split()
    ),
    "time": (
        "on Tuesday",
        "on Monday",
        "on Wednesday",
        "on Thursday",
        "on Friday",
        "on Saturday",
        "on Sunday",
        "overnight",
        "early on Sunday",
        "late on Wednesday",
        "at dawn",
        "on Friday morning",
        "on Monday evening",
    ),
    "need": tuple(
        "food bread water medicine fuel blankets shelter electricity flour milk insulin"
        " vaccines tents diesel".split()
    ),
    "feeling": tuple(
        "fear anger exhaustion despair grief hope frustration panic relief disbelief".split()
    ),
    "topic": (
        "the ceasefire",
        "the evacuation deal",
        "the aid convoy",
        "peace talks in Geneva",
        "talks in Astana",
        "the de-escalation zone",
        "the prisoner exchange",
        "the truce",
        "the reconciliation agreement",
        "the humanitarian corridor",
    ),
    "damage": (
        "collapsed",
        "caught fire",
        "was badly damaged",
        "was reduced to rubble",
        "lost its roof",
        "had its windows blown out",
        "was levelled",
        "was left partly standing",
    ),
    "verb_move": (
        "advanced",
        "retreated",
        "regrouped",
        "withdrew",
        "dug in",
        "pushed forward",
        "held their ground",
    ),
    "month": tuple(
        "January February March April May June July August September October November"
        " December".split()
    ),
}

# Lines that page furniture leaves in saved reports; the indexer's cleaner should drop them.
NOISE_LINES = (
    "Share this article",
    "Share",
    "Read more: {headline}",
    "Follow us on Telegram",
    "Follow us on Twitter",
    "Advertisement",
    "Print this page",
    "Tags: Syria, {governorate}, conflict",
    "Related articles",
    "Click here to subscribe to the morning briefing",
    "Facebook Twitter WhatsApp",
    "Subscribe to our newsletter",
    "Get short URL",
)

# A year of the war for each report's date, weighted by how much was written that year.
YEAR_WEIGHTS = {
    2011: 2,
    2012: 8,
    2013: 10,
    2014: 11,
    2015: 12,
    2016: 15,
    2017: 13,
    2018: 10,
    2019: 7,
    2020: 5,
    2021: 3,
    2022: 2,
    2023: 1,
    2024: 1,
}
