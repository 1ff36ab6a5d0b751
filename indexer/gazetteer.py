"""Gazetteer of Syrian places for the city facet: governorates, cities, towns and districts.

Data only: each place's canonical name, its spelling variants and its governorate, plus the
context cues that mark a place as a government stand-in or a reference point. No matching logic.
"""

from __future__ import annotations

# The fourteen governorates, by their canonical names.
GOVERNORATES = (
    "Aleppo",
    "Damascus",
    "Rif Dimashq",
    "Homs",
    "Hama",
    "Idlib",
    "Latakia",
    "Tartus",
    "Raqqa",
    "Deir ez-Zor",
    "Hasakah",
    "Daraa",
    "Quneitra",
    "As-Suwayda",
)

# governorate -> places, each written "Canonical name|variant|variant...". The canonical name is
# matched too. A leading article ("al-", "ar-", "el-"...) is optional in the text, so variants are
# listed without it unless it is part of the usual English name.
PLACES_BY_GOVERNORATE: dict[str, tuple[str, ...]] = {
    "Aleppo": (
        "Aleppo|Halab|Alep|Haleb|Aleppo province|Aleppo countryside",
        "Manbij|Menbij|Minbij|Manbej",
        "Kobani|Kobane|Ain al-Arab|Ayn al-Arab|Ain Arab|Kobanî",
        "Azaz|Aazaz|Izaz|A'zaz",
        "al-Bab|Al-Bab|Al Bab|el-Bab",
        "Jarablus|Jarabulus|Jerablus",
        "Afrin|Efrin|Afreen",
        "Tal Rifaat|Tal Rifat|Tell Rifaat|Tel Rifaat|Tall Rifaat",
        "Khan al-Assal|Khan al-Asal|Khan Assal|Khan al Assal",
        "Khan Tuman|Khan Touman|Khan Toman",
        "Atarib|Atareb|al-Atarib",
    ),
    "Idlib": (
        "Idlib|Idleb|Edlib|Idlib province|Idlib countryside",
        "Khan Shaykhun|Khan Sheikhoun|Khan Shaykhoun|Khan Sheikhun|Khan Shaikhoun",
        (
            "Maaret al-Numan|Maarat al-Numan|Maarat al-Nu'man|Maarrat al-Numan"
            "|Maaret al-Noman|Maaret al-Nouman|Maarat Numan|Maaret Numan|Maarat al-Naaman"
            "|Marat al-Numan|Maarat al Numan|Maaret al Numan|Maaret al-Nu'man"
        ),
        "Saraqib|Saraqeb|Sarakeb",
        (
            "Jisr al-Shughur|Jisr al-Shughour|Jisr ash-Shughur|Jisr al-Shoghour|Jisr Shughur"
            "|Jisr al-Shigour|Jisr al-Shoughour|Jisr al-Shugur"
        ),
        "Ariha",
        "Binnish|Binnsh|Binnesh|Banish",
        "Sarmin|Sarmeen",
        "Taftanaz",
        "Kafr Nabl|Kafranbel|Kafr Nabel|Kfar Nabel|Kafrnabel",
        "Kafr Takharim|Kafr Takharem|Kfar Takharim",
        "Salqin|Salqeen",
        "Harim|Harem town|Harem",
        "Sarmada",
        "Atmeh|Atma",
        "Bab al-Hawa|Bab al Hawa",
        "Kafraya|Kefraya|Kfarya|Kafarya",
        "Foua|al-Foua|Fuaa|Fua|al-Fuaa",
        "Abu al-Duhur|Abu Duhur|Abu al-Zuhur|Abu Zuhur|Abu al-Dhuhur",
        "Maarshurin|Maar Shurin|Maarshoreen",
        "Khan al-Sabil|Khan al Sabil|Khan Sabil",
        "Tamanaa|Tamanah|al-Tamanah",
        "Jabal al-Zawiya|Jabal al Zawiya|Jabal Zawiya|Jebel al-Zawiya",
        "Maarat Misrin|Maaret Misrin|Maarat Masrin|Maaret Masreen",
        "Kafr Jales",
        "Armanaz",
        "Kansafra|Kansafrah",
        "Darkush|Darkoush|Darkosh",
        "Heish|Hish|al-Hish",
        "Kafruma|Kafr Ruma|Kfar Rouma",
        "Qmenas|Qminas|Kmenas",
        "Badama",
        "Ihsim|Ehsem|Ehsim|Ahsem",
        "Hazano|Hazanu",
        "Muhambal|Mhambel|Mhambal",
        "Maarat al-Ikhwan",
    ),
    "Damascus": ("Damascus|Dimashq|Damas|Damascus city",),
    "Rif Dimashq": (
        (
            "Rif Dimashq|Rif Damascus|Reef Damascus|Rif Dimashk|Damascus countryside"
            "|Damascus Countryside|Damascus province|rural Damascus|Rural Damascus"
            "|Damascus suburbs|Damascus countryside province"
        ),
        "Douma|Duma|Doumah",
        "Daraya|Darayya|Daria|Dariya",
        "Ghouta|Ghuta|Ghoutta|Western Ghouta|West Ghouta",
        "Eastern Ghouta|East Ghouta|Eastern Ghuta|Ghouta East|eastern Ghouta",
        "Madaya|Madaya town",
        "Zabadani|Zabadany|Zebdani|Zobdani",
        "Harasta|Harrasta",
        "Arbin|Irbin|Erbin|Arbeen",
        "Zamalka|Zamalkah",
        "Ain Tarma|Ein Tarma|Ayn Tarma",
        "Kafr Batna|Kafarbatna|Kfar Batna|Kafr Bațna",
        "Saqba|Saqqba",
        "Hamouriyah|Hamouria|Hammouriyeh|Hamouriyeh|Hammouriya|Hammuriyeh",
        "Jisreen|Jisrin",
        "Misraba|Mesraba",
        "Moadamiyeh|Moadamiyet al-Sham|Muadamiya|Moadamiya|Muadhamiya|Moadamiyah",
        "Qudsaya|Qudssaya",
        "Wadi Barada|Wadi Barda",
        "Ain al-Fijeh|Ain al-Fija|Ain Fijeh|Ein al-Fijeh|Ain al Fijeh",
        "Bloudan|Bludan",
        "Qalamoun|Qalamun|Kalamoun|Eastern Qalamoun|Qalamoun mountains",
        "Yabroud|Yabrud",
        "Nabek|Nabk|al-Nabek",
        "Deir Attiyeh|Deir Atiyah|Deir Attiyah",
        "Sayyida Zeinab|Sayyeda Zeinab|Sayida Zeinab|Sayyida Zaynab|Sayeda Zeinab",
        "Jaramana|Jaramanah|Jaramaneh",
        "Sahnaya|Sehnaya|Ashrafiyat Sahnaya",
        "Kisweh|Kiswah|al-Kiswah",
        "Beit Jinn|Beit Jin",
        "Dumayr|Dmeir|Dumeir|Dhumayr",
        "Adra|Adra al-Omalia|Adra al-Ummaliyah",
        "Rankous|Rankus",
        "Hajar al-Aswad|Hajjar al-Aswad|Hajar al Aswad",
        "Babbila|Babila",
        "Beit Sahem|Beit Sahm",
        "Yalda",
        "Hazzeh|Hazza",
        "Mleiha|Mliha|Mleha|al-Mleiha",
        "Otaybah|Otaiba|Ateibeh|Utaybah",
        "Marj al-Sultan",
        "Nashabiyah|Nashabiyeh",
        "Zebdine|Zebdin",
        "Khan al-Shih|Khan Elshieh|Khan al-Sheeh|Khan Sheih",
        "Kanaker|Kanakir",
        "Qatana|Qatanah",
        "Jdeidet Artouz|Jdeidat Artouz|Artouz",
        "Hosh al-Ashaari",
        "Jayrud|Jairud|Jeyroud",
        "Ruhaybah|Ruhaiba|Ruheiba",
        "Deir al-Asafir|Deir al Asafir",
        "Zakiyah|Zakia",
        "Tal Mnin|Tal Minin",
        "Maaloula|Maalula",
        "Sabboura",
    ),
    "Homs": (
        "Homs|Hims|Homs province|Homs countryside",
        "Palmyra|Tadmur|Tadmor",
        "Rastan|al-Rastan|Al-Rastan|Ar-Rastan",
        "Talbiseh|Talbisa|Tal Biseh",
        "Baba Amr|Bab Amr|Baba Amro",
        "Qusayr|Qusair|Qussair|al-Qusayr|Al-Qusayr|Qseir",
        "Houla|Hula|al-Houla|Al-Houla",
        "Taldou|Taldu|Taldo",
        "Waer|al-Waer|Al-Waer|Wa'er|al-Wa'er|Alwaer",
        "Khalidiyeh|Khaldiyeh|Khalidiya",
        "Karm al-Zeitoun|Karm al Zeitoun|Karm el-Zeitoun",
        "Akrama|Akramah|Ikrima",
        "Qaryatain|Qaryatayn|al-Qaryatain|Al-Qaryatain|Al-Qaryatayn|Qaryatein",
        "Tal Kalakh|Tel Kalakh|Talkalakh|Tall Kalakh",
        "Mhin|Mahin|Muhin",
        "Sadad",
        "Furqlus|Furqlos",
        "Tiyas|T4 airbase|T-4 airbase|Tiyas airbase|T4 air base",
        "Shaer|Shaer gas field|Shaar gas field|al-Shaer",
        "Sukhnah|Sukhna|al-Sukhnah|Al-Sukhna",
        "Zaafarana|Zafarana",
        "Deir Baalba|Deir Baalbah",
        "Inshaat|Inshaaat",
        "Bayada|Bayyada",
        "Jub al-Jarrah|Jib al-Jarrah|Jeb al-Jarrah",
    ),
    "Hama": (
        "Hama|Hamah|Hamat|Hama province|Hama countryside",
        "Morek|Mourek|Murak|Morak",
        "Kafr Zita|Kafr Zeita|Kafrzita|Kfar Zita",
        "Latamneh|Lataminah|Latamina|al-Lataminah|Latamineh",
        "Suran|Souran",
        "Taybat al-Imam|Taibat al-Imam|Tayyibat al-Imam",
        "Halfaya",
        "Mahardeh|Mhardeh|Muhradah|Mahardah",
        "Salamiyah|Salamiyeh|Salamieh|Salamiya|Salamiyya|Salamyieh",
        "Qalaat al-Madiq|Qalat al-Madiq|Qalaat al Madiq",
        "Kafr Nabudah|Kafr Nboudeh|Kafr Nbouda",
        "Karnaz",
        "Tremseh|Treimseh",
        "Mazraat al-Qubeir|Qubeir|al-Qubeir",
        "Aqrab|Aqrab village",
        "Suqaylabiyah|Squelbiyeh|Skeilbiyeh|Suqaylabiyeh",
        "Masyaf|Misyaf",
        "Akeirbat|Uqayribat|Aqirbat",
    ),
    "Latakia": (
        "Latakia|Lattakia|Ladhiqiya|Ladhiqiyah|Lattaquie|Latakiya|Lathqia",
        "Jableh|Jabla|Jebleh|Jablah",
        "Qardaha|Qardahah|al-Qardaha|Al-Qardaha|Kardaha",
        "Kessab|Kasab|Kesab",
        "Jabal al-Akrad|Jabal Akrad|Jebel al-Akrad|Kurd Mountain",
        "Jabal Turkman|Jabal al-Turkman|Turkmen Mountain|Jebel Turkman|Bayirbucak",
        "Haffeh|al-Haffah|Al-Haffa|Haffa",
        "Kinsabba|Kinsibba",
        "Slinfeh|Salanfah|Slenfeh",
    ),
    "Tartus": (
        "Tartus|Tartous|Tartos|Tartous province",
        "Baniyas|Banias",
        "Safita",
        "Dreikish|Duraykish",
    ),
    "Raqqa": (
        "Raqqa|Rakka|Raqa|Raqqah|Ar-Raqqa|Raqqa province|Raqqa countryside",
        "Tabqa|Tabaqa|al-Tabqa|Al-Tabqa|Tabqah|Thawra|al-Thawra",
        "Tal Abyad|Tell Abyad|Tal Abiad|Tel Abyad|Tall Abyad|Gire Spi",
        "Ain Issa|Ein Issa|Ayn Issa|Ain Eissa",
        "Suluk|Saluk",
        "Maadan",
        "Hazima|Hazimah",
        "Kasrat",
        "Ratla",
        "Jarniyah|Jurneyyeh",
        "Tabqa Dam|Euphrates Dam|Tabqa dam",
    ),
    "Deir ez-Zor": (
        (
            "Deir ez-Zor|Deir Ezzor|Deir al-Zour|Deir el-Zour|Deir al-Zor|Deir ez Zor"
            "|Deir Ezzour|Deir Ez-Zor|Deir el-Zor|Dayr az Zawr|Dayr az-Zawr|Deir Azzor"
            "|Deir al Zour|Deir Zor|Deir Ezzor province|Deir al-Zour province|Deirezzor"
            "|Deir Zour|Deir az-Zor|Deir Ezour|Deir al-Zur|Deir el-Zur|Deir Azzour"
            "|Deir Ezzur|Deir Az-Zour"
        ),
        "Mayadin|Mayadeen|al-Mayadin|Al-Mayadin|Mayadine|Al-Mayadeen",
        "Albu Kamal|Abu Kamal|Boukamal|Bukamal|al-Bukamal|Al-Bukamal|Bou Kamal",
        "Muhasan|Mohassan|Mohasan|Muhassan|Mouhessen",
        "Hajin|Hajeen",
        "Ashara|al-Ashara|Al-Ashara|Asharah",
        "Quriya|al-Quriyah|Quriyah",
        "Shuhail|Shuheil|al-Shuhail",
        "Busayrah|Busaira|Busayra|al-Busayrah",
        "Khasham|Khusham",
        "Shaitat|Sheitaat|Shuaitat|Shaitaat",
        "Kishkiyeh|Kishkiyah",
        "Gharanij|Gharaneej|Ghraneij",
        "Baghouz|Baghuz|al-Baghouz",
        "Jalaa|al-Jalaa",
        "Hatla|Hatlah",
        "Tibni|Tebni",
        "Tharda|Thardah|Jabal Tharda|Jabal Thardah|Thardeh",
        "Dablan",
        "Tayyana|Tayyaneh",
        "Jafra|al-Jafra",
        "Hawiqa|Huweiqa",
    ),
    "Hasakah": (
        "Hasakah|Hassakeh|Hasaka|Hasakeh|Hassaka|Hasakah province|Hassakeh province",
        "Qamishli|Qamishlo|Kamishli|Qameshli|Qamishly",
        "Shadadi|Shaddadi|al-Shadadi|Al-Shaddadi|Shaddadeh|Shadadeh",
        "Ras al-Ain|Ras al-Ayn|Ras al Ain|Ras el-Ain|Sere Kaniye|Serekaniye",
        "Amuda|Amouda|Amude",
        "Derbasiyeh|Darbasiyah|Derbassiyeh|Al-Darbasiyah",
        "Malikiyah|Derik|Al-Malikiyah|Malkiyeh",
        "Tal Tamr|Tel Tamr|Tell Tamer|Tal Tamer|Tall Tamr",
        "Hol|al-Hol|Al-Hol|al-Hawl|Hawl",
        "Markada|Markadeh|Markadah",
        "Tal Hamis|Tel Hamis|Tell Hamis|Tal Hmis",
        "Yarubiyah|Yaarubiyah|al-Yarubiyah|Yarubiya|Til Koger",
        "Qahtaniyah|Qahtaniya|Tirbespiye",
        "Tal Brak|Tel Brak|Tell Brak",
        "Rmelan|Rumaylan|Rmeilan",
        "Tall Tawil|Tal Tawil|Tel Tawil",
        "Ghweiran|Ghwayran|Ghuwayran",
        "Nashwa",
        "Tal Halaf|Tell Halaf",
        "Asfar Najjar",
    ),
    "Daraa": (
        "Daraa|Deraa|Dar'a|Deraa province|Daraa province|Der'a|Daraa countryside",
        "Busra al-Harir|Busr al-Harir|Bosra al-Harir",
        "Bosra|Busra|Bosra al-Sham|Busra al-Sham|Busra ash-Sham|Bosra al-Cham",
        "Nawa",
        "Inkhil|Inkhel",
        "Jasim|Jassem|Jasem",
        "Sheikh Miskeen|Sheikh Miskin|Shaykh Maskin|Sheikh Meskin",
        "Izraa|Ezraa|Izra",
        "Tafas|Tafs",
        "Dael|Da'el|Dail",
        "Muzayrib|Mzeireeb|Muzeirib",
        "Tal Shihab|Tel Shehab|Tell Shihab",
        "Hrak|Herak|al-Hirak|Al-Hirak",
        "Nasib|Nassib|Nasib crossing|Nassib border crossing",
        "Sanamayn|Sanamein|al-Sanamayn|Al-Sanamein",
        "Ibta|Ebta",
        "Khirbet Ghazaleh|Khirbet Ghazale|Khirbat Ghazalah",
        "Yadudah|Yadouda",
        "Kafr Shams",
        "Ghariyah|Gharia|al-Ghariya",
        "Mahaja",
        "Jileen",
        "Manshiyeh|Manshiyah|al-Manshiyeh",
    ),
    "Quneitra": (
        "Quneitra|Kuneitra|Qunaitra|Quneitra province|al-Quneitra|Qunaytirah",
        "Khan Arnabeh|Khan Arnaba|Khan Arnabah",
        "Madinat al-Baath|Baath city|Al-Baath city",
        "Jubata al-Khashab|Jubbata al-Khashab",
        "Hadar|Hader",
    ),
    "As-Suwayda": (
        "As-Suwayda|Sweida|Suwayda|Suweida|Soueida|Sweida province|Suwaida|Sweidaa",
        "Shahba|Shahbaa",
        "Salkhad",
        "Qraya|al-Qraya",
    ),
}

# Articles that may precede a place name ("al-Raqqa", "Ar-Raqqa"); they are skipped when matching.
LEADING_ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "ash", "at", "az", "an", "ed"})

# Places whose name followed by a bare "s" (the possessive after the comma/apostrophe scrubbing of
# some archives: "Aleppos") is another word that must not be read as the place.
NO_BARE_POSSESSIVE = frozenset({"Hama"})

# Regex fragments, tested against the text right BEFORE a place name (they end at the name), that
# make the mention a reference point rather than the scene: "40 km north of Hama", "near Damascus".
REFERENCE_BEFORE = (
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west"
    r"|south-east|south-west)(?:ern)?\s+of\s+(?:the\s+)?(?:city\s+of\s+)?$",
    r"\b(?:km|kms|kilometres|kilometers|miles|mile)\s+(?:\w+\s+){0,2}(?:of|from)\s+(?:the\s+)?$",
    r"\b(?:near|nearby|road\s+to|highway\s+to|border\s+with)\s+(?:the\s+)?(?:Syrias?\s+|Syria's\s+)?$",
    r"\b(?:way|route|road|highway|drive)\s+(?:from|to|between)\s+(?:\w+\s+(?:and\s+)?)?$",
    r"\bbetween\s+(?:\w+\s+)?(?:and\s+)?$",
    # A destination is not the scene: "advanced towards the group's Raqqa stronghold".
    r"\b(?:towards?|heading\s+to|bound\s+for)\s+(?:the\s+)?(?:[\w'’]+\s+){0,3}$",
    # Nor is a place people came from: "evacuees from the northern towns of Fuaa".
    r"\b(?:evacuated|evacuees|fled|fleeing|displaced|escaped|escaping)\s+(?:from\s+)?(?:the\s+)?"
    r"(?:\w+\s+)?(?:(?:towns?|villages?|city|cities|areas?|districts?)\s+of\s+)?$",
)

# Exceptions to REFERENCE_BEFORE: a "north of X" that names the region of X itself.
REFERENCE_EXCEPTIONS = (r"\b(?:countryside|outskirts|suburbs|province|areas?)\s+\w+\s+of\s+$",)

# Fragments tested against the text right BEFORE a place name that make it a stand-in for the
# government ("pro-Damascus media", "Moscow and Damascus").
STAND_IN_BEFORE = (
    r"\b(?:pro|anti)[-\s]$",
    r"\b(?:Moscow|Tehran|Ankara|Washington|Russia|Iran|Turkey|Beijing|Riyadh)\s+and\s+$",
    r"\b(?:ties|relations|talks|deal|agreement)\s+(?:with|between)\s+$",
    r"\b(?:government|regime|authorities|officials?)\s+in\s+$",
    r"\b(?:accused|blamed|urged|told|warned|condemned|backed|backing|allies\s+of)\s+$",
    # A media outlet named after a place ("Lebanese TV channel Al-Mayadin").
    r"\b(?:channel|TV|television|network|newspaper|daily|broadcaster)\s+(?:al-)?$",
)

# Fragments tested against the text right AFTER a place name that make it a stand-in for the
# government ("Damascus said", "Damascus has denied", "Damascus's allies").
STAND_IN_AFTER = (
    r"^(?:'s|’s|s)?\s+(?:has\s+|have\s+|had\s+|also\s+|then\s+|later\s+|repeatedly\s+)?"
    r"(?:said|says|say|accused|accuses|denied|denies|blamed|blames|insisted|insists"
    # "Damascus claimed" is the government, "the Homs blast claimed the lives" is not.
    r"|claim(?:ed|s)(?!\s+(?:the\s+)?lives?\b)"
    r"|rejected|rejects|condemned|condemns|agreed|agrees|refused|refuses|wants|warned|warns"
    r"|announced|announces|responded|dismissed|vowed|demanded|called|urged|hopes|believes"
    r"|promised|promises|promise|pledged|pledges|pledge|offered|offers"
    r"|government|regime|authorities|officials|allies|ally|backers|'s\s+allies|’s\s+allies)\b",
    r"^\s+and\s+(?:Moscow|Tehran|its\s+allies|Ankara|Washington|Russia|Iran)\b",
    r"^[-\s]+(?:based|backed|allied|appointed|controlled\s+media)\b",
    r"^\s+(?:TV|television|channel)\b",
)

# Fragments that mark a sentence as telling of deaths; the place named with them is the scene.
DEATH_CUES = (
    r"\bkill(?:s|ed|ing)?\b",
    r"\bdead\b",
    r"\bdeaths?\b",
    r"\bdied\b",
    r"\bexecut(?:ed|es|ing|ions?)\b",
    r"\bmassacres?\b",
    r"\bslain\b",
    r"\blost\s+their\s+lives\b",
    r"\bclaimed\s+the\s+lives?\b",
)

# Fragments tested against the text right BEFORE a place name that introduce it as a place, so
# that a verb after it ("the town of Taduf said the monitor") does not make it a stand-in.
SCENE_BEFORE = (
    r"\b(?:village|town|city|district|neighbou?rhood|area|province|countryside|camp)\s+of\s+$",
)
