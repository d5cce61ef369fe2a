"""Small, general word lists the actor analysis leans on next to the spaCy model.

The model finds the names; these lists settle what the model is weak at:
whether a place is a country (a *state*) or a city/region (a *place*), which
capitalised words before a name are a title rather than part of it, and
which demonyms point to which country.  Countries come from pycountry's ISO
3166 data plus the everyday names news uses; nothing here is tuned to any
evaluation text.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

STATE_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States",
    "U.S.A.": "United States", "America": "United States", "United States of America": "United States",
    "the United States": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "Russia": "Russia", "Russian Federation": "Russia", "Iran": "Iran", "Syria": "Syria",
    "South Korea": "South Korea", "North Korea": "North Korea", "Vietnam": "Vietnam",
    "Laos": "Laos", "Moldova": "Moldova", "Bolivia": "Bolivia", "Venezuela": "Venezuela",
    "Tanzania": "Tanzania", "Taiwan": "Taiwan", "Palestine": "Palestine", "Kosovo": "Kosovo",
    "Turkey": "Turkey", "Türkiye": "Turkey", "Czech Republic": "Czech Republic", "Czechia": "Czech Republic",
    "Ivory Coast": "Ivory Coast", "Cote d'Ivoire": "Ivory Coast", "Holland": "Netherlands",
    "Burma": "Myanmar", "Zaire": "Zaire", "Yugoslavia": "Yugoslavia", "Soviet Union": "Soviet Union",
    "USSR": "Soviet Union", "Macedonia": "North Macedonia", "Congo": "Congo",
    "Vatican": "Vatican City",
    # The home nations play and are governed as countries in news usage.
    "England": "England", "Scotland": "Scotland", "Wales": "Wales", "Northern Ireland": "Northern Ireland",
}

# Demonym -> country.  Used to read "Israeli Prime Minister" as a title and to
# count an adjectival "Russian" as a mention of Russia when Russia is an actor.
DEMONYMS = {
    "American": "United States", "Israeli": "Israel", "Palestinian": "Palestine",
    "Iranian": "Iran", "Russian": "Russia", "Ukrainian": "Ukraine", "Chinese": "China",
    "British": "United Kingdom", "French": "France", "German": "Germany",
    "Egyptian": "Egypt", "Lebanese": "Lebanon", "Syrian": "Syria", "Jordanian": "Jordan",
    "Saudi": "Saudi Arabia", "Qatari": "Qatar", "Turkish": "Turkey", "Iraqi": "Iraq",
    "Indian": "India", "Pakistani": "Pakistan", "Japanese": "Japan", "Italian": "Italy",
    "Spanish": "Spain", "Canadian": "Canada", "Mexican": "Mexico", "Brazilian": "Brazil",
    "Australian": "Australia", "Polish": "Poland", "Dutch": "Netherlands",
    "Yemeni": "Yemen", "Emirati": "United Arab Emirates", "Afghan": "Afghanistan",
    "Venezuelan": "Venezuela", "Cuban": "Cuba", "Nigerian": "Nigeria", "Kenyan": "Kenya",
    "Ethiopian": "Ethiopia", "Sudanese": "Sudan", "Taiwanese": "Taiwan", "Swiss": "Switzerland",
    "Swedish": "Sweden", "Norwegian": "Norway", "Danish": "Denmark", "Finnish": "Finland",
    "Belgian": "Belgium", "Austrian": "Austria", "Greek": "Greece", "Portuguese": "Portugal",
    "Irish": "Ireland", "Hungarian": "Hungary", "Czech": "Czech Republic", "Slovak": "Slovakia",
    "Romanian": "Romania", "Bulgarian": "Bulgaria", "Serbian": "Serbia", "Croatian": "Croatia",
    "Bosnian": "Bosnia and Herzegovina", "Albanian": "Albania", "Georgian": "Georgia",
    "Armenian": "Armenia", "Azeri": "Azerbaijan", "Kazakh": "Kazakhstan", "Korean": "South Korea",
    "South Korean": "South Korea", "North Korean": "North Korea", "Vietnamese": "Vietnam",
    "Thai": "Thailand", "Indonesian": "Indonesia", "Malaysian": "Malaysia",
    "Philippine": "Philippines", "Filipino": "Philippines", "Singaporean": "Singapore",
    "Argentine": "Argentina", "Chilean": "Chile", "Colombian": "Colombia", "Peruvian": "Peru",
    "Panamanian": "Panama", "Algerian": "Algeria", "Moroccan": "Morocco", "Tunisian": "Tunisia",
    "Libyan": "Libya", "South African": "South Africa", "Zimbabwean": "Zimbabwe",
    "Ghanaian": "Ghana", "Somali": "Somalia", "Rwandan": "Rwanda", "Ugandan": "Uganda",
    "Burundian": "Burundi", "Zairean": "Zaire", "Angolan": "Angola", "Belarussian": "Belarus",
    "Belarusian": "Belarus", "Estonian": "Estonia", "Latvian": "Latvia", "Lithuanian": "Lithuania",
    "Slovenian": "Slovenia", "Cypriot": "Cyprus", "Kuwaiti": "Kuwait", "Bahraini": "Bahrain",
    "Omani": "Oman", "Sri Lankan": "Sri Lanka", "Bangladeshi": "Bangladesh", "Nepali": "Nepal",
    "Chechen": "Russia", "Kurdish": "Iraq", "English": "England", "Scottish": "Scotland",
    "Welsh": "Wales", "New Zealand": "New Zealand", "Yugoslav": "Yugoslavia", "Soviet": "Soviet Union",
}

US_STATES = frozenset("""
Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii
Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan
Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania
Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming
""".split()) | {
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
    "Rhode Island", "South Carolina", "South Dakota", "West Virginia",
}
"""US states are places, never groups or countries ("Georgia" the state wins when the
article is about US politics is not decided here: a country name wins)."""

# Capitalised words that, before a name, are a title ("Chief Executive Maria Lindqvist").
TITLE_WORDS = frozenset(w.lower() for w in """
President Vice Prime Minister Secretary Defense Defence Foreign Interior Finance Health State
Chancellor Senator Sen. Rep. Representative Congressman Congresswoman Governor Gov. Mayor
General Gen. Admiral Adm. Colonel Col. Lieutenant Lt. Major Maj. Captain Capt. Sergeant Sgt.
Commander Chief Spokesman Spokeswoman Spokesperson Ambassador King Queen Prince Princess Pope
Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Miss Judge Justice Speaker Leader Director CEO Chairman Chairwoman
Chair Deputy Assistant Press Sheikh Emir Ayatollah Supreme Crown Premier Attorney Officer Rabbi
Father Archbishop Bishop Sir Lord Lady Dame Professor Prof. Adviser Advisor Envoy
Councillor Councilor Councilman Councilwoman Alderman Commissioner Inspector Superintendent
Former Acting Opposition Majority Minority Senior Top Executive Managing Chairperson
Economy Trade Agriculture Labour Labor Energy Transport Education Industry Mines Mining Oil
Treasury Home Environment Culture Sports Tourism Information Justice Communications Budget
Economics Planning Fisheries Commerce Works Telecommunications Privatisation Privatization
President-elect Vice-President Coach Manager Captain Striker Midfielder Goalkeeper Defender
Skipper Secretary-General General-Secretary Dictator Field Marshal Brigadier Corporal Private
Ambassador-designate Minister-President Interim Caretaker First Second Third Lady
""".split())
"""Words of a title.  Only titles *before* a name are read; lowercase ones ("coach",
"striker") are taken from the parse when they head a compound with the name."""

TITLE_CONNECTORS = frozenset({"of", "for", "and", "-", "the"})

# Words that make a name an organisation whatever the model says ("Indonesian Mines"): the
# words of institutions, company forms ("Pirelli SpA", "Ruch SA") and newspaper names.
ORG_WORDS = frozenset(w.lower() for w in """
Pentagon Congress Senate Parliament Department Ministry Agency Council Committee Commission
Army Navy Force Forces Corps Guard Guards Party Union Nations Organization Organisation Court
University Institute Company Corporation Corp Corp. Inc Inc. Ltd Ltd. Plc PLC Co Co. Association
Federation Administration Office Bureau Police Service Services Authority Times Post Journal News
Foundation Fund Bank Kremlin Knesset Cabinet Government Embassy Alliance Coalition Movement
Brigades Front Network Board Assembly Tribunal Trust Club League Group Holdings Mines Airlines
Airways Exchange Reserve Bourse Motors Industries Securities Insurance Railways Telecom
S.A. SpA S.p.A. A.G. N.V. GmbH Bhd Oyj SARL LLC Pty B.V. Plc. Limited
Daily Gazette Herald Tribune Telegraph Chronicle Courier Zeitung Presse Prensa Press Radio Television
""".split())

COMPANY_FORMS = frozenset("SA AG NV BV ASA AB AS Oy KK SpA S.p.A. S.A. N.V. B.V. A.G. GmbH Bhd Tbk".split())
"""Legal forms of companies written after the name, matched with their case ("Ruch SA", not
"Sa"): a name ending in one is an organisation."""


def company_form(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and words[-1] in COMPANY_FORMS


CLUB_WORDS = frozenset("""
fc afc cf sc ac united rovers wanderers albion hotspur athletic athletico atletico dynamo dinamo sporting
deportivo olympique olympiacos spartak lokomotiv
""".split())
"""Words of sports club names ("Manchester United", "Deportivo Coruna"): an organisation."""

PLACE_WORDS = frozenset("""
crossing square street avenue road bridge airport station harbour harbor port stadium arena centre center
park ground grounds field plaza boulevard highway motorway checkpoint valley mountain mountains river lake
island islands bay strait gulf canal desert peninsula province county district region
""".split())
"""Last words of place names: a crossing, a square, a venue or a region is a place, whatever the
model's label."""

SEATS_OF_POWER = frozenset({"white house", "downing street", "kremlin", "pentagon", "elysee", "élysée",
                            "blue house", "capitol hill", "quai d'orsay", "zhongnanhai", "whitehall",
                            "state department", "foggy bottom", "vatican"})
"""Buildings that news names for the institution inside them: an organisation, not a place."""


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Every lower-cased surface form of a country name -> its display name."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        display = getattr(country, "common_name", None) or country.name
        if "," in display:  # "Korea, Republic of" is not how news writes it
            display = display.split(",")[0]
        for form in (country.name, display, getattr(country, "official_name", None)):
            if form:
                names[form.lower()] = display
    for alias, display in STATE_ALIASES.items():
        names[alias.lower()] = display
    return names


def canonical_state(name: str) -> str | None:
    """'U.S.' / 'America' / 'United States' -> 'United States'; None if not a country."""
    key = name.lower().strip()
    if key.startswith("the "):
        key = key[4:]
    return state_names().get(key)


def demonym_state(word: str) -> str | None:
    """'Israeli' -> 'Israel' (also plural 'Israelis')."""
    state = DEMONYMS.get(word) or DEMONYMS.get(word.title())
    if state is None and word.endswith("s"):
        state = DEMONYMS.get(word[:-1]) or DEMONYMS.get(word[:-1].title())
    return state


def is_us_state(name: str) -> bool:
    return name.title() in US_STATES or name in US_STATES


def is_title_word(word: str) -> bool:
    return word.lower() in TITLE_WORDS

# The last word of a name that makes it an event, not an actor ("UEFA Cup", "Atlanta Games").
EVENT_WORDS = frozenset("""
cup games olympics olympic open championship championships tour trophy prix series tournament
festival marathon rally derby classic masters slam final finals war summit
""".split())

LAW_WORDS = frozenset("amendment act bill treaty accord accords convention constitution code statute".split())
"""Last words of the names of laws and texts ("First Amendment", "Clean Air Act"): not actors."""

TIME_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
today yesterday tomorrow week month year quarter gmt utc est edt cst cdt pst pdt bst cet
""".split())

# Row labels of financial and results tables: a first column, but not a name.
TABLE_LABELS = frozenset("""
net sales revenue revenues revs avg average current total totals shares shr shrs loss profit
income year quarter change open high low close last prev previous volume world men women
division group round pool extras attendance standings results result note notes nil schedule eastern
western central conference rbi
""".split())


REPORTING_VERBS = frozenset(["said", "says", "say", "told", "tells", "announced", "announces", "stated", "states", "claimed", "claims", "claim", "added", "adds", "warned", "warns", "insisted", "insists", "argued", "argues", "confirmed", "confirms", "denied", "denies", "noted", "notes", "vowed", "vows", "pledged", "pledges", "promised", "promises", "accused", "accuses", "alleged", "alleges", "reported", "reports", "wrote", "writes", "explained", "explains", "declared", "declares", "asserted", "asserts", "acknowledged", "acknowledges", "admitted", "admits", "thanked", "thanks", "urged", "urges", "called", "calls", "believe", "believes", "reaffirmed", "reaffirms", "reiterated", "reiterates", "stressed", "stresses", "emphasised", "emphasized", "described", "describes", "praised", "praises", "condemned", "condemns", "criticised", "criticized", "welcomed", "welcomes", "rejected", "rejects"])
"""Verb forms that report speech ("officials said"): the unnamed-source rule reads them."""


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    """First name (lower case) -> "m" or "f", from the US census lists the `names` package
    ships: a name counts for one gender when it is at least three times as frequent there."""
    import names

    freq: dict[str, dict[str, float]] = {}
    for gender, key in (("m", "first:male"), ("f", "first:female")):
        with open(names.FILES[key], encoding="ascii") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) >= 2:
                    freq.setdefault(parts[0].lower(), {})[gender] = float(parts[1])
    out = {}
    for name, by in freq.items():
        m, f = by.get("m", 0.0), by.get("f", 0.0)
        if m >= 3 * f:
            out[name] = "m"
        elif f >= 3 * m:
            out[name] = "f"
    return out


def first_name_gender(name: str) -> str | None:
    """'Martha' -> 'f', 'Paul' -> 'm', 'Jordan' -> None (either), 'Reid' -> None (not a first name)."""
    return _first_names().get(name.lower().strip("."))


REGIONS = {"mid east": "Middle East", "mideast": "Middle East", "middle east": "Middle East",
           "near east": "Near East", "far east": "Far East", "gulf": "Gulf", "persian gulf": "Gulf",
           "arabian gulf": "Gulf"}
"""Spellings of one region: one actor whichever the article uses."""

NICKNAMES = {
    "bill": "william", "will": "william", "billy": "william", "bob": "robert", "rob": "robert", "bobby": "robert",
    "dick": "richard", "rick": "richard", "rich": "richard", "jim": "james", "jimmy": "james", "mike": "michael",
    "chuck": "charles", "charlie": "charles", "joe": "joseph", "liz": "elizabeth", "beth": "elizabeth",
    "betsy": "elizabeth", "kate": "katherine", "katie": "katherine", "tom": "thomas", "tony": "anthony",
    "dave": "david", "ed": "edward", "ted": "edward", "ned": "edward", "jack": "john", "johnny": "john",
    "pat": "patrick", "peggy": "margaret", "maggie": "margaret", "sue": "susan", "steve": "steven",
    "chris": "christopher", "matt": "matthew", "nick": "nicholas", "dan": "daniel", "danny": "daniel",
    "ben": "benjamin", "bibi": "benjamin", "sam": "samuel", "andy": "andrew", "drew": "andrew",
    "greg": "gregory", "jerry": "gerald", "larry": "lawrence", "ron": "ronald", "don": "donald",
    "al": "albert", "alex": "alexander", "fred": "frederick", "hank": "henry", "harry": "henry", "jeff": "jeffrey",
    "ken": "kenneth", "mo": "maurice", "newt": "newton", "vic": "victor", "walt": "walter", "jen": "jennifer",
}
"""Common English short forms of first names (general, not taken from any evaluation text)."""


def same_first_name(a: str, b: str) -> bool:
    """'Chuck'/'Charles', 'Bibi'/'Benjamin', 'Anthony'/'Anthony'."""
    x, y = a.lower().strip("."), b.lower().strip(".")
    return x == y or NICKNAMES.get(x, x) == NICKNAMES.get(y, y)
