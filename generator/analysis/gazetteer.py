"""Word lists the offline actor finder leans on.

No NER model can be installed offline here, so the extractive backend finds
actors from capitalised phrases and classifies them with these lists; states
come from pycountry's ISO 3166 data plus the everyday names news uses.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

STATE_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States",
    "U.S.A.": "United States", "America": "United States",
    "United States of America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "Russia": "Russia", "Palestine": "Palestine",
    "Kosovo": "Kosovo", "Turkey": "Türkiye", "Czech Republic": "Czechia",
}

DEMONYMS = {
    "American": "United States", "Israeli": "Israel", "Palestinian": "Palestine",
    "Iranian": "Iran", "Russian": "Russia", "Ukrainian": "Ukraine", "Chinese": "China",
    "British": "United Kingdom", "French": "France", "German": "Germany",
    "Egyptian": "Egypt", "Lebanese": "Lebanon", "Syrian": "Syria", "Jordanian": "Jordan",
    "Saudi": "Saudi Arabia", "Qatari": "Qatar", "Turkish": "Türkiye", "Iraqi": "Iraq",
    "Indian": "India", "Pakistani": "Pakistan", "Japanese": "Japan", "Italian": "Italy",
    "Spanish": "Spain", "Canadian": "Canada", "Mexican": "Mexico", "Brazilian": "Brazil",
    "Australian": "Australia", "Polish": "Poland", "Dutch": "Netherlands",
    "Yemeni": "Yemen", "Emirati": "United Arab Emirates", "Afghan": "Afghanistan",
    "Venezuelan": "Venezuela", "Cuban": "Cuba", "Nigerian": "Nigeria",
    "Kenyan": "Kenya", "Ethiopian": "Ethiopia", "Sudanese": "Sudan", "Taiwanese": "Taiwan",
}

TITLE_WORDS = frozenset(["President", "Vice", "Prime", "Minister", "Secretary", "Defense", "Defence", "Foreign", "Interior", "Finance", "Health", "State", "Chancellor", "Senator", "Sen.", "Rep.", "Representative", "Congressman", "Congresswoman", "Governor", "Gov.", "Mayor", "General", "Gen.", "Admiral", "Adm.", "Colonel", "Col.", "Lieutenant", "Lt.", "Major", "Maj.", "Captain", "Capt.", "Sergeant", "Sgt.", "Commander", "Chief", "Spokesman", "Spokeswoman", "Spokesperson", "Ambassador", "King", "Queen", "Prince", "Princess", "Pope", "Dr.", "Mr.", "Mrs.", "Ms.", "Miss", "Judge", "Justice", "Speaker", "Leader", "Director", "CEO", "Chairman", "Chairwoman", "Chair", "Deputy", "Assistant", "Press", "Sheikh", "Emir", "Ayatollah", "Supreme", "Crown", "Premier", "Attorney", "Officer", "Rabbi", "Father", "Archbishop", "Bishop", "Sir", "Lord", "Lady", "Dame", "Professor", "Prof.", "National", "Security", "Adviser", "Advisor", "Councillor", "Councilor", "Councilman", "Councilwoman", "Alderman", "Commissioner", "Inspector", "Superintendent", "Former", "Acting", "Opposition", "Majority", "Minority", "Senior", "Top", "Army", "Navy", "Military", "Economy", "Trade", "Justice"])

ORG_WORDS = frozenset(["Pentagon", "Congress", "Senate", "Parliament", "Department", "Ministry", "Agency", "Council", "Committee", "Commission", "Army", "Navy", "Force", "Forces", "Corps", "Guard", "Guards", "Party", "Union", "Nations", "Organization", "Organisation", "Court", "University", "Institute", "Company", "Corporation", "Corp.", "Inc.", "Ltd.", "Ltd", "Association", "Federation", "Administration", "Office", "Bureau", "Police", "Service", "Services", "Authority", "Times", "Post", "Journal", "News", "Reuters", "Foundation", "Fund", "Bank", "Kremlin", "Knesset", "Cabinet", "Government", "Embassy", "Alliance", "Coalition", "Movement", "Brigades", "Front", "Network", "Board", "Assembly", "Tribunal", "Trust", "Club", "League", "Press", "Media", "Group"]) | {"White House", "Downing Street", "Élysée", "Elysee"}

PLACE_WORDS = frozenset(["Base", "Airport", "Street", "Avenue", "Road", "Square", "Sea", "Ocean", "River", "Strip", "Valley", "Mountains", "Mountain", "Hills", "City", "Province", "Region", "District", "County", "Island", "Islands", "Gulf", "Peninsula", "Desert", "Coast", "Border", "Crossing", "Hospital", "Bay", "Lake", "Canal", "Heights", "Plaza", "Park", "Bridge", "Port", "Harbor", "Harbour", "Station", "Mediterranean", "Atlantic", "Pacific", "Arctic", "Europe", "Asia", "Africa", "Americas", "Middle", "East", "Caribbean", "Balkans", "Baltic", "Sahel", "Levant", "Dome"]) | {"West Bank", "Middle East", "Capitol Hill"}

TIME_WORDS = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Christmas", "Easter", "Ramadan", "Today"])

ABBREVIATIONS = frozenset(w for w in TITLE_WORDS | ORG_WORDS if w.endswith("."))

VESSEL_PREFIXES = frozenset({"USS", "HMS", "INS", "MV", "SS", "RFS"})

CONNECTORS = frozenset({"of", "for", "de", "del", "al", "bin", "van", "von", "der", "la", "le"})

LEADING_DETERMINERS = frozenset({"The", "A", "An", "This", "That", "These", "Those"})

REPORTING_VERBS = frozenset(["said", "says", "say", "told", "tells", "announced", "announces", "stated", "states", "claimed", "claims", "claim", "added", "adds", "warned", "warns", "insisted", "insists", "argued", "argues", "confirmed", "confirms", "denied", "denies", "noted", "notes", "vowed", "vows", "pledged", "pledges", "promised", "promises", "accused", "accuses", "alleged", "alleges", "reported", "reports", "wrote", "writes", "explained", "explains", "declared", "declares", "asserted", "asserts", "acknowledged", "acknowledges", "admitted", "admits", "thanked", "thanks", "urged", "urges", "called", "calls", "believe", "believes", "reaffirmed", "reaffirms", "reiterated", "reiterates", "stressed", "stresses", "emphasised", "emphasized", "described", "describes", "praised", "praises", "condemned", "condemns", "criticised", "criticized", "welcomed", "welcomes", "rejected", "rejects"])

SUBJECT_FOLLOWERS = REPORTING_VERBS | frozenset(["has", "have", "had", "is", "was", "were", "are", "will", "would", "could", "can", "may", "might", "did", "does", "do", "also", "and", "or", "but", "who", "which", "that", "to", "in", "on", "at", "for", "with", "by", "from", "as", "after", "before"])


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """Every surface form of a state name -> the display name used in briefings."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        display = getattr(country, "common_name", None) or country.name
        for form in (country.name, display, getattr(country, "official_name", None)):
            if form:
                names[form] = display
    for alias, display in STATE_ALIASES.items():
        names[alias] = names.get(display, display)
    return names


def canonical_state(name: str) -> str | None:
    return state_names().get(name)


def demonym_state(word: str) -> str | None:
    state = DEMONYMS.get(word)
    return state_names().get(state, state) if state else None
