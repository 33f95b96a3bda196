"""Country codes as Ergast printed them: a country's name ("UK", "Italy") and its people's
nationality ("British", "Italian"). podium stores ISO 3166 codes (alpha-3, or alpha-2 for
some venues); a code missing here is shown as it is.
"""

from __future__ import annotations

# alpha-2, alpha-3, country as Ergast names it, nationality as Ergast names it
_TABLE = """
AE ARE|UAE|Emirati
AR ARG|Argentina|Argentine
AT AUT|Austria|Austrian
AU AUS|Australia|Australian
AZ AZE|Azerbaijan|Azerbaijani
BE BEL|Belgium|Belgian
BG BGR|Bulgaria|Bulgarian
BH BHR|Bahrain|Bahraini
BR BRA|Brazil|Brazilian
BY BLR|Belarus|Belarusian
CA CAN|Canada|Canadian
CH CHE|Switzerland|Swiss
CL CHL|Chile|Chilean
CN CHN|China|Chinese
CO COL|Colombia|Colombian
CZ CZE|Czech Republic|Czech
DE DEU|Germany|German
DK DNK|Denmark|Danish
EE EST|Estonia|Estonian
EG EGY|Egypt|Egyptian
ES ESP|Spain|Spanish
FI FIN|Finland|Finnish
FR FRA|France|French
GB GBR|UK|British
GR GRC|Greece|Greek
HK HKG|Hong Kong|Hong Kong
HR HRV|Croatia|Croatian
HU HUN|Hungary|Hungarian
ID IDN|Indonesia|Indonesian
IE IRL|Ireland|Irish
IL ISR|Israel|Israeli
IN IND|India|Indian
IS ISL|Iceland|Icelandic
IT ITA|Italy|Italian
JP JPN|Japan|Japanese
KR KOR|Korea|Korean
KZ KAZ|Kazakhstan|Kazakh
LI LIE|Liechtenstein|Liechtensteiner
LT LTU|Lithuania|Lithuanian
LU LUX|Luxembourg|Luxembourger
LV LVA|Latvia|Latvian
MA MAR|Morocco|Moroccan
MC MCO|Monaco|Monegasque
MO MAC|Macau|Macanese
MX MEX|Mexico|Mexican
MY MYS|Malaysia|Malaysian
NL NLD|Netherlands|Dutch
NO NOR|Norway|Norwegian
NZ NZL|New Zealand|New Zealander
PE PER|Peru|Peruvian
PH PHL|Philippines|Filipino
PL POL|Poland|Polish
PT PRT|Portugal|Portuguese
QA QAT|Qatar|Qatari
RO ROU|Romania|Romanian
RS SRB|Serbia|Serbian
RU RUS|Russia|Russian
SA SAU|Saudi Arabia|Saudi
SE SWE|Sweden|Swedish
SG SGP|Singapore|Singaporean
SI SVN|Slovenia|Slovenian
SK SVK|Slovakia|Slovak
TH THA|Thailand|Thai
TR TUR|Turkey|Turkish
TW TWN|Taiwan|Taiwanese
UA UKR|Ukraine|Ukrainian
US USA|USA|American
UY URY|Uruguay|Uruguayan
VE VEN|Venezuela|Venezuelan
VN VNM|Vietnam|Vietnamese
ZA ZAF|South Africa|South African
ZW ZWE|Zimbabwe|Zimbabwean
"""


def _parse() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for line in _TABLE.strip().splitlines():
        codes, country, nationality = line.split("|")
        for code in codes.split():
            table[code] = (country, nationality)
    return table


_BY_CODE = _parse()


def country_name(code: str | None) -> str:
    """`GBR` -> `UK`; an unknown code as it is; None -> ``."""
    if not code:
        return ""
    found = _BY_CODE.get(code.upper())
    return found[0] if found else code


def nationality(code: str | None) -> str:
    """`FRA` -> `French`; an unknown code as it is; None -> ``."""
    if not code:
        return ""
    found = _BY_CODE.get(code.upper())
    return found[1] if found else code
