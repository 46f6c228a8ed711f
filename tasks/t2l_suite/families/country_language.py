"""Family ``country_language``: the main language of a country (knowledge lookup)."""

from __future__ import annotations

from ..core import Domain, Family, only
from ..lexicon import parse_table

FAMILY = Family("country_language", split="train", summary="the main language spoken in a country")

# Countries whose population mostly speaks one language (public knowledge, written down for this project).
LANGUAGE_OF = {
    row[0]: row[1]
    for row in parse_table("""
France | French
Germany | German
Austria | German
Italy | Italian
Spain | Spanish
Portugal | Portuguese
Netherlands | Dutch
Poland | Polish
Greece | Greek
Sweden | Swedish
Norway | Norwegian
Denmark | Danish
Finland | Finnish
Iceland | Icelandic
Hungary | Hungarian
Czechia | Czech
Slovakia | Slovak
Slovenia | Slovenian
Romania | Romanian
Bulgaria | Bulgarian
Croatia | Croatian
Serbia | Serbian
Albania | Albanian
Ukraine | Ukrainian
Russia | Russian
Estonia | Estonian
Latvia | Latvian
Lithuania | Lithuanian
Turkey | Turkish
Japan | Japanese
China | Chinese
South Korea | Korean
Thailand | Thai
Vietnam | Vietnamese
Indonesia | Indonesian
Mongolia | Mongolian
Nepal | Nepali
Bangladesh | Bengali
Iran | Persian
Israel | Hebrew
Egypt | Arabic
Saudi Arabia | Arabic
Iraq | Arabic
Jordan | Arabic
Syria | Arabic
Lebanon | Arabic
Qatar | Arabic
Oman | Arabic
Yemen | Arabic
Kuwait | Arabic
Libya | Arabic
Tunisia | Arabic
Mexico | Spanish
Guatemala | Spanish
Honduras | Spanish
Nicaragua | Spanish
Costa Rica | Spanish
Panama | Spanish
Cuba | Spanish
Colombia | Spanish
Venezuela | Spanish
Ecuador | Spanish
Peru | Spanish
Chile | Spanish
Argentina | Spanish
Uruguay | Spanish
Brazil | Portuguese
Angola | Portuguese
Mozambique | Portuguese
United Kingdom | English
United States | English
Australia | English
New Zealand | English
Ireland | English
Jamaica | English
""")
}
COUNTRY = Domain(
    "language_country",
    ("the name of a country", "a country", "a country name"),
    pool=tuple(sorted(LANGUAGE_OF)),
)
FAMILY.add(
    "country_language",
    COUNTRY,
    LANGUAGE_OF.get,
    ["name the main language spoken in the country", "say which language most people in the country speak"],
    only("the language's English name, such as French"),
)
