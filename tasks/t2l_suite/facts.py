"""Public facts written down for this project: countries with capitals and continents, chemical
element symbols and everyday antonyms.
"""

from __future__ import annotations

from .lexicon import parse_table

# Country -> (capital, continent). Public facts, written down for this project; capitals in their usual
# English spelling without diacritics. Countries with disputed, shared or several capitals, or that
# span two continents, are left out.
COUNTRIES: dict[str, tuple[str, str]] = {
    row[0]: (row[1], row[2])
    for row in parse_table("""
France             | Paris          | Europe
Germany            | Berlin         | Europe
Italy              | Rome           | Europe
Spain              | Madrid         | Europe
Portugal           | Lisbon         | Europe
United Kingdom     | London         | Europe
Ireland            | Dublin         | Europe
Netherlands        | Amsterdam      | Europe
Belgium            | Brussels       | Europe
Austria            | Vienna         | Europe
Switzerland        | Bern           | Europe
Poland             | Warsaw         | Europe
Czechia            | Prague         | Europe
Hungary            | Budapest       | Europe
Greece             | Athens         | Europe
Sweden             | Stockholm      | Europe
Norway             | Oslo           | Europe
Denmark            | Copenhagen     | Europe
Finland            | Helsinki       | Europe
Iceland            | Reykjavik      | Europe
Romania            | Bucharest      | Europe
Bulgaria           | Sofia          | Europe
Serbia             | Belgrade       | Europe
Croatia            | Zagreb         | Europe
Ukraine            | Kyiv           | Europe
Slovakia           | Bratislava     | Europe
Slovenia           | Ljubljana      | Europe
Estonia            | Tallinn        | Europe
Latvia             | Riga           | Europe
Lithuania          | Vilnius        | Europe
Albania            | Tirana         | Europe
Malta              | Valletta       | Europe
Japan              | Tokyo          | Asia
China              | Beijing        | Asia
India              | New Delhi      | Asia
South Korea        | Seoul          | Asia
Thailand           | Bangkok        | Asia
Vietnam            | Hanoi          | Asia
Indonesia          | Jakarta        | Asia
Philippines        | Manila         | Asia
Malaysia           | Kuala Lumpur   | Asia
Pakistan           | Islamabad      | Asia
Bangladesh         | Dhaka          | Asia
Nepal              | Kathmandu      | Asia
Iran               | Tehran         | Asia
Iraq               | Baghdad        | Asia
Saudi Arabia       | Riyadh         | Asia
Afghanistan        | Kabul          | Asia
Mongolia           | Ulaanbaatar    | Asia
Qatar              | Doha           | Asia
Jordan             | Amman          | Asia
Lebanon            | Beirut         | Asia
Syria              | Damascus       | Asia
Uzbekistan         | Tashkent       | Asia
Cambodia           | Phnom Penh     | Asia
Laos               | Vientiane      | Asia
Oman               | Muscat         | Asia
Yemen              | Sanaa          | Asia
Egypt              | Cairo          | Africa
Kenya              | Nairobi        | Africa
Nigeria            | Abuja          | Africa
Ghana              | Accra          | Africa
Ethiopia           | Addis Ababa    | Africa
Morocco            | Rabat          | Africa
Algeria            | Algiers        | Africa
Tunisia            | Tunis          | Africa
Senegal            | Dakar          | Africa
Uganda             | Kampala        | Africa
Zimbabwe           | Harare         | Africa
Zambia             | Lusaka         | Africa
Angola             | Luanda         | Africa
Sudan              | Khartoum       | Africa
Mali               | Bamako         | Africa
Rwanda             | Kigali         | Africa
Madagascar         | Antananarivo   | Africa
Somalia            | Mogadishu      | Africa
Libya              | Tripoli        | Africa
Botswana           | Gaborone       | Africa
Namibia            | Windhoek       | Africa
Mozambique         | Maputo         | Africa
United States      | Washington     | North America
Canada             | Ottawa         | North America
Mexico             | Mexico City    | North America
Cuba               | Havana         | North America
Jamaica            | Kingston       | North America
Guatemala          | Guatemala City | North America
Honduras           | Tegucigalpa    | North America
Nicaragua          | Managua        | North America
Panama             | Panama City    | North America
Haiti              | Port-au-Prince | North America
Dominican Republic | Santo Domingo  | North America
El Salvador        | San Salvador   | North America
Brazil             | Brasilia       | South America
Argentina          | Buenos Aires   | South America
Chile              | Santiago       | South America
Peru               | Lima           | South America
Colombia           | Bogota         | South America
Venezuela          | Caracas        | South America
Ecuador            | Quito          | South America
Uruguay            | Montevideo     | South America
Paraguay           | Asuncion       | South America
Guyana             | Georgetown     | South America
Suriname           | Paramaribo     | South America
Australia          | Canberra       | Oceania
New Zealand        | Wellington     | Oceania
Fiji               | Suva           | Oceania
Papua New Guinea   | Port Moresby   | Oceania
Samoa              | Apia           | Oceania
""")
}
CONTINENTS = ["Africa", "Asia", "Europe", "North America", "South America", "Oceania"]
CAPITAL_TO_COUNTRY = {capital: country for country, (capital, _) in COUNTRIES.items()}

# Chemical element -> symbol (IUPAC names in British spelling; public facts).
ELEMENTS: dict[str, str] = {
    row[0]: row[1]
    for row in parse_table("""
hydrogen   | H
helium     | He
lithium    | Li
beryllium  | Be
boron      | B
carbon     | C
nitrogen   | N
oxygen     | O
fluorine   | F
neon       | Ne
sodium     | Na
magnesium  | Mg
aluminium  | Al
silicon    | Si
phosphorus | P
sulfur     | S
chlorine   | Cl
argon      | Ar
potassium  | K
calcium    | Ca
scandium   | Sc
titanium   | Ti
vanadium   | V
chromium   | Cr
manganese  | Mn
iron       | Fe
cobalt     | Co
nickel     | Ni
copper     | Cu
zinc       | Zn
gallium    | Ga
germanium  | Ge
arsenic    | As
selenium   | Se
bromine    | Br
krypton    | Kr
rubidium   | Rb
strontium  | Sr
yttrium    | Y
zirconium  | Zr
niobium    | Nb
molybdenum | Mo
technetium | Tc
ruthenium  | Ru
rhodium    | Rh
palladium  | Pd
silver     | Ag
cadmium    | Cd
indium     | In
tin        | Sn
antimony   | Sb
tellurium  | Te
iodine     | I
xenon      | Xe
caesium    | Cs
barium     | Ba
lanthanum  | La
cerium     | Ce
neodymium  | Nd
europium   | Eu
gadolinium | Gd
hafnium    | Hf
tantalum   | Ta
tungsten   | W
rhenium    | Re
osmium     | Os
iridium    | Ir
platinum   | Pt
gold       | Au
mercury    | Hg
thallium   | Tl
lead       | Pb
bismuth    | Bi
polonium   | Po
astatine   | At
radon      | Rn
francium   | Fr
radium     | Ra
actinium   | Ac
thorium    | Th
uranium    | U
plutonium  | Pu
""")
}

# Word -> its usual opposite. Each input word appears once and has one everyday opposite.
ANTONYMS: dict[str, str] = {
    row[0]: row[1]
    for row in parse_table("""
hot       | cold
cold      | hot
happy     | sad
sad       | happy
fast      | slow
slow      | fast
open      | closed
closed    | open
early     | late
late      | early
full      | empty
empty     | full
rich      | poor
poor      | rich
wet       | dry
dry       | wet
strong    | weak
weak      | strong
tall      | short
thick     | thin
thin      | thick
loud      | quiet
clean     | dirty
dirty     | clean
true      | false
false     | true
win       | lose
lose      | win
always    | never
never     | always
push      | pull
pull      | push
inside    | outside
outside   | inside
above     | below
below     | above
before    | after
after     | before
first     | last
left      | right
north     | south
south     | north
east      | west
west      | east
day       | night
night     | day
black     | white
white     | black
buy       | sell
sell      | buy
love      | hate
hate      | love
friend    | enemy
enemy     | friend
question  | answer
cheap     | expensive
expensive | cheap
safe      | dangerous
dangerous | safe
young     | old
alive     | dead
dead      | alive
asleep    | awake
awake     | asleep
accept    | reject
increase  | decrease
decrease  | increase
maximum   | minimum
minimum   | maximum
entrance  | exit
exit      | entrance
import    | export
export    | import
positive  | negative
negative  | positive
wide      | narrow
narrow    | wide
deep      | shallow
shallow   | deep
smooth    | rough
success   | failure
victory   | defeat
visible   | invisible
possible  | impossible
polite    | rude
honest    | dishonest
up        | down
down      | up
heavy     | light
sunrise   | sunset
sunset    | sunrise
""")
}
