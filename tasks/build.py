#!/usr/bin/env python3
"""Generate the hf_t2l task suite (``tasks/t2l-tasks-v1``): tasks, descriptions, examples and card.

Usage::

    python tasks/build.py                # rewrites tasks/t2l-tasks-v1/
    python tasks/build.py --out DIR      # writes the suite into DIR instead

Everything here is procedural or comes from the small tables below, which were written by hand for
this project (common words and their translations, number words, calendar names from Python's
``calendar`` module, and public facts such as capitals and chemical symbols). Nothing is downloaded
or copied from another dataset. The output is deterministic: every random choice comes from a
``random.Random`` seeded with a string built from ``SEED`` and the task id, so rebuilding gives
byte-identical files.

Inputs are short and shared: the same input format (a word, a number, a date, a sentence, ...)
feeds many tasks that want different answers, so only the task description tells the model what to
do. The description goes to the hypernetwork; the prompt holds the task input alone.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import string
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NAME = "t2l-tasks-v1"
SEED = "hf_t2l-tasks-v1"
N_TRAIN_EXAMPLES = 128
N_HELDOUT_EXAMPLES = 100
MIN_EXAMPLES = 64
N_DESCRIPTIONS = 12
HERE = Path(__file__).resolve().parent

# =====================================================================================================
# Tables (written for this project; see tasks/README.md for sources and licences)
# =====================================================================================================


def _table(text: str) -> list[list[str]]:
    """Rows of a ``|``-separated text table (one row a line, cells stripped)."""
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


# Nouns by category, for lexicon classification. Only clear-cut members (no tomato, no avocado).
CATEGORIES: dict[str, list[str]] = {
    "animal": (
        "dog cat horse cow pig sheep bird fish mouse rabbit bear wolf fox lion tiger elephant monkey "
        "duck goat frog snake bee spider whale owl deer goose eagle zebra camel donkey shark turtle "
        "parrot penguin giraffe squirrel dolphin ant ostrich otter"
    ).split(),
    "fruit": "apple pear banana grape lemon cherry strawberry peach plum melon pineapple apricot kiwi lime "
    "coconut fig blueberry raspberry".split(),
    "vegetable": "carrot potato onion cabbage lettuce spinach broccoli celery garlic radish turnip leek "
    "pea bean".split(),
    "vehicle": "car bus train boat plane bicycle truck ship taxi tractor scooter motorcycle helicopter van "
    "tram submarine rocket canoe yacht ambulance".split(),
    "clothing": "shirt shoe hat dress coat sock skirt glove scarf jacket sweater boot belt tie blouse vest "
    "cap sandal".split(),
    "body part": "hand foot head eye ear nose mouth tooth arm leg heart knee elbow finger toe shoulder neck "
    "lip chin ankle".split(),
}
NOUN_CATEGORY = {noun: cat for cat, nouns in CATEGORIES.items() for noun in nouns}

# English noun | French | Spanish | German (singular, without article)
TRANSLATIONS: dict[str, tuple[str, str, str]] = {
    row[0]: (row[1], row[2], row[3])
    for row in _table("""
dog        | chien          | perro     | Hund
cat        | chat           | gato      | Katze
horse      | cheval         | caballo   | Pferd
cow        | vache          | vaca      | Kuh
pig        | cochon         | cerdo     | Schwein
sheep      | mouton         | oveja     | Schaf
bird       | oiseau         | pájaro    | Vogel
fish       | poisson        | pez       | Fisch
mouse      | souris         | ratón     | Maus
rabbit     | lapin          | conejo    | Kaninchen
bear       | ours           | oso       | Bär
wolf       | loup           | lobo      | Wolf
fox        | renard         | zorro     | Fuchs
lion       | lion           | león      | Löwe
tiger      | tigre          | tigre     | Tiger
elephant   | éléphant       | elefante  | Elefant
monkey     | singe          | mono      | Affe
duck       | canard         | pato      | Ente
goat       | chèvre         | cabra     | Ziege
frog       | grenouille     | rana      | Frosch
snake      | serpent        | serpiente | Schlange
bee        | abeille        | abeja     | Biene
spider     | araignée       | araña     | Spinne
whale      | baleine        | ballena   | Wal
owl        | hibou          | búho      | Eule
apple      | pomme          | manzana   | Apfel
pear       | poire          | pera      | Birne
banana     | banane         | plátano   | Banane
grape      | raisin         | uva       | Traube
lemon      | citron         | limón     | Zitrone
cherry     | cerise         | cereza    | Kirsche
strawberry | fraise         | fresa     | Erdbeere
peach      | pêche          | melocotón | Pfirsich
carrot     | carotte        | zanahoria | Karotte
potato     | pomme de terre | patata    | Kartoffel
onion      | oignon         | cebolla   | Zwiebel
car        | voiture        | coche     | Auto
bus        | bus            | autobús   | Bus
train      | train          | tren      | Zug
boat       | bateau         | barco     | Boot
plane      | avion          | avión     | Flugzeug
bicycle    | vélo           | bicicleta | Fahrrad
truck      | camion         | camión    | Lastwagen
shirt      | chemise        | camisa    | Hemd
shoe       | chaussure      | zapato    | Schuh
hat        | chapeau        | sombrero  | Hut
dress      | robe           | vestido   | Kleid
coat       | manteau        | abrigo    | Mantel
sock       | chaussette     | calcetín  | Socke
skirt      | jupe           | falda     | Rock
glove      | gant           | guante    | Handschuh
table      | table          | mesa      | Tisch
chair      | chaise         | silla     | Stuhl
bed        | lit            | cama      | Bett
door       | porte          | puerta    | Tür
window     | fenêtre        | ventana   | Fenster
lamp       | lampe          | lámpara   | Lampe
house      | maison         | casa      | Haus
key        | clé            | llave     | Schlüssel
book       | livre          | libro     | Buch
tree       | arbre          | árbol     | Baum
flower     | fleur          | flor      | Blume
sun        | soleil         | sol       | Sonne
moon       | lune           | luna      | Mond
star       | étoile         | estrella  | Stern
sea        | mer            | mar       | Meer
river      | rivière        | río       | Fluss
mountain   | montagne       | montaña   | Berg
city       | ville          | ciudad    | Stadt
school     | école          | escuela   | Schule
child      | enfant         | niño      | Kind
woman      | femme          | mujer     | Frau
man        | homme          | hombre    | Mann
knife      | couteau        | cuchillo  | Messer
hand       | main           | mano      | Hand
foot       | pied           | pie       | Fuß
head       | tête           | cabeza    | Kopf
eye        | œil            | ojo       | Auge
ear        | oreille        | oreja     | Ohr
nose       | nez            | nariz     | Nase
mouth      | bouche         | boca      | Mund
tooth      | dent           | diente    | Zahn
arm        | bras           | brazo     | Arm
leg        | jambe          | pierna    | Bein
heart      | cœur           | corazón   | Herz
bread      | pain           | pan       | Brot
water      | eau            | agua      | Wasser
milk       | lait           | leche     | Milch
cheese     | fromage        | queso     | Käse
egg        | œuf            | huevo     | Ei
friend     | ami            | amigo     | Freund
king       | roi            | rey       | König
queen      | reine          | reina     | Königin
garden     | jardin         | jardín    | Garten
kitchen    | cuisine        | cocina    | Küche
money      | argent         | dinero    | Geld
""")
}

# Nouns that start with a vowel letter and take "an" (none with a silent h or a "you" sound).
VOWEL_NOUNS = (
    "apple egg elephant onion owl ear eye arm island ant igloo umbrella engine envelope oven "
    "axe eagle iron ocean idea artist actor uncle office image answer elbow ankle apricot "
    "acorn alarm album arrow atlas orchestra ostrich otter anchor"
).split()
OTHER_NOUNS = (
    "box baby church dish glass watch brush bench candle basket bottle pencil ladder bridge castle "
    "garden kitchen pocket wallet ticket button carpet mirror pillow blanket bucket hammer rope "
    "tent cloud lake forest island desk shelf wife life loaf thief half hero echo toy day "
    "key boy city party story lady berry cherry"
).split()
IRREGULAR_PLURALS = {
    "child": "children",
    "woman": "women",
    "man": "men",
    "mouse": "mice",
    "tooth": "teeth",
    "foot": "feet",
    "goose": "geese",
    "sheep": "sheep",
    "fish": "fish",
    "deer": "deer",
    "knife": "knives",
    "leaf": "leaves",
    "wolf": "wolves",
    "scarf": "scarves",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "hero": "heroes",
    "life": "lives",
    "wife": "wives",
    "loaf": "loaves",
    "half": "halves",
    "shelf": "shelves",
    "thief": "thieves",
    "echo": "echoes",
}
UNCOUNTABLE = {
    "water",
    "milk",
    "bread",
    "money",
    "garlic",
    "spinach",
    "broccoli",
    "celery",
    "lettuce",
    "cheese",
}

ADJECTIVES = (
    "happy quick bright dark heavy light soft loud quiet small large tall short warm cold fresh "
    "sweet sour green yellow purple silver golden wooden gentle brave clever lazy funny strange "
    "simple narrow empty hollow rapid calm"
).split()
VERBS = (
    "run jump swim read write sing dance cook paint climb build carry listen travel whisper laugh "
    "borrow follow arrive explore gather wander shout settle remember"
).split()
EXTRA_WORDS = (
    "balloon coffee letter happy little summer dinner bottle yellow butter puzzle pepper rabbit "
    "mirror pillow ladder kettle cotton hammer pattern silly tunnel tennis jelly village sunny "
    "moon book door tree street green sheep school apple"
).split()


def _word_pool() -> list[str]:
    words: set[str] = set()
    for group in (
        *CATEGORIES.values(),
        TRANSLATIONS,
        VOWEL_NOUNS,
        OTHER_NOUNS,
        ADJECTIVES,
        VERBS,
        EXTRA_WORDS,
    ):
        words.update(w for w in group if w.isalpha() and w.islower() and 3 <= len(w) <= 10)
    return sorted(words)


WORDS = _word_pool()

# colour | French | Spanish | German (basic masculine form)
COLOURS: dict[str, tuple[str, str, str]] = {
    row[0]: (row[1], row[2], row[3])
    for row in _table("""
red    | rouge  | rojo     | rot
blue   | bleu   | azul     | blau
green  | vert   | verde    | grün
yellow | jaune  | amarillo | gelb
black  | noir   | negro    | schwarz
white  | blanc  | blanco   | weiß
orange | orange | naranja  | orange
purple | violet | morado   | lila
pink   | rose   | rosa     | rosa
brown  | marron | marrón   | braun
grey   | gris   | gris     | grau
""")
}
PRIMARY = {"red", "blue", "yellow"}
OBJECTS = (
    "car ball hat door cup bag bike box shirt chair kite lamp pen book shoe balloon bottle flower bird "
    "house boat scarf umbrella sofa mug toy truck coat dress fence tent bucket candle towel blanket "
    "ribbon pencil plate jacket sock"
).split()
DETERMINERS = ["the", "my", "her", "his", "our", "that", "this"]

FIRST_NAMES = (
    "Anna Ben Carlos Diana Emma Felix Grace Hugo Iris Jack Karen Leo Maria Noah Olivia Paul Quinn "
    "Rosa Sam Tara Umar Vera Will Xavier Yara Zoe Adam Bella Chloe David Elena Frank Gina Henry "
    "Ivan Julia Kevin Laura Mark Nina Oscar Peter Rachel Simon Tom Ursula Victor Wendy Yusuf Zara "
    "Aisha Bruno Clara Daniel Eva Fatima George Hannah Isaac Jade Kenji Lucy Mateo Nora Omar Priya "
    "Ruth Sofia Theo Uma Vincent Walter Yuki Alice Boris Carmen Diego Ella Finn Greta Hassan Ingrid "
    "James Kira Liam Mia Nadia Owen Pablo Rita Sara Tobias Ines Lena Marco Sven Tess Amir Chen"
).split()
SURNAMES = (
    "Smith Johnson Brown Garcia Miller Davis Martin Lopez Wilson Taylor Moore Clark Lewis Walker "
    "Young King Wright Hill Scott Green Baker Adams Nelson Carter Turner Parker Evans Collins Morris "
    "Cook Rogers Reed Bell Murphy Bailey Cooper Howard Ward Cox Diaz Gray Hughes Price Myers Long "
    "Ross Foster Silva Novak Kim Tanaka Rossi Dubois Weber Jensen Nowak Costa Singh Khan Ito"
).split()
JOBS = (
    "baker teacher doctor nurse pilot farmer painter lawyer chef driver engineer writer dentist "
    "plumber singer"
).split()

# Country -> (capital, continent). Public facts, written down for this project; capitals in their usual
# English spelling without diacritics. Countries with disputed, shared or several capitals, or that
# span two continents, are left out.
COUNTRIES: dict[str, tuple[str, str]] = {
    row[0]: (row[1], row[2])
    for row in _table("""
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
    for row in _table("""
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
    for row in _table("""
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

POS_ADJ = (
    "wonderful great excellent amazing delightful lovely brilliant fantastic superb charming pleasant "
    "enjoyable beautiful perfect impressive outstanding terrific marvelous fabulous splendid"
).split()
NEG_ADJ = (
    "terrible awful horrible boring dreadful disappointing poor ugly rude dull annoying painful nasty "
    "miserable useless unpleasant mediocre disgusting bland lousy"
).split()
POS_VERBS = "loved enjoyed adored liked".split()
NEG_VERBS = "hated disliked regretted loathed".split()
THINGS = (
    "movie meal hotel concert book service trip game show restaurant album museum class coffee party flight"
).split()

TOPICS: dict[str, list[str]] = {
    "sports": [
        "the football match",
        "the tennis final",
        "the marathon",
        "the new coach",
        "the basketball season",
        "the swimming race",
        "the cricket score",
        "the cycling tour",
    ],
    "food": [
        "the pasta recipe",
        "the new bakery",
        "the chocolate cake",
        "the vegetable soup",
        "the pizza place",
        "the cheese market",
        "the spicy curry",
        "the breakfast menu",
    ],
    "weather": [
        "the heavy rain",
        "the coming storm",
        "the weather forecast",
        "the snowfall",
        "the strong wind",
        "the summer heatwave",
        "the morning fog",
        "the thunderstorm",
    ],
    "technology": [
        "the new smartphone",
        "the software update",
        "the laptop battery",
        "the mobile app",
        "the website outage",
        "the home robot",
        "the computer virus",
        "the cloud server",
    ],
    "music": [
        "the guitar solo",
        "the new album",
        "the piano concert",
        "the jazz band",
        "the pop song",
        "the drum lesson",
        "the opera singer",
        "the violin teacher",
    ],
}
TOPIC_FRAMES = [
    "{n} keeps talking about {k}.",
    "Everyone was excited about {k} today.",
    "I read a long article about {k}.",
    "{n} asked me about {k}.",
    "The news this morning was all about {k}.",
    "We spent the evening discussing {k}.",
    "{n} wrote a short post about {k}.",
]

MONTHS = list(calendar.month_name)[1:]  # English names from the stdlib (locale "C")
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
DAYS = list(calendar.day_name)  # Monday first
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
DAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
VOWELS = set("aeiou")

# =====================================================================================================
# Small language helpers
# =====================================================================================================

_EN_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_FR_ONES = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "dix-sept dix-huit dix-neuf"
).split()
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
_ES_ONES = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro "
    "veinticinco veintiséis veintisiete veintiocho veintinueve"
).split()
_ES_TENS = {
    3: "treinta",
    4: "cuarenta",
    5: "cincuenta",
    6: "sesenta",
    7: "setenta",
    8: "ochenta",
    9: "noventa",
}


def words_en(n: int) -> str:
    """0..99 in English words, hyphenated: 42 -> forty-two."""
    if n < 20:
        return _EN_ONES[n]
    tens, ones = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")


def words_fr(n: int) -> str:
    """0..99 in French words (traditional spelling): 71 -> soixante et onze, 80 -> quatre-vingts."""
    if n < 20:
        return _FR_ONES[n]
    if n < 70:
        tens, ones = divmod(n, 10)
        if ones == 0:
            return _FR_TENS[tens]
        return f"{_FR_TENS[tens]} et un" if ones == 1 else f"{_FR_TENS[tens]}-{_FR_ONES[ones]}"
    if n < 80:
        return "soixante et onze" if n == 71 else f"soixante-{_FR_ONES[n - 60]}"
    if n == 80:
        return "quatre-vingts"
    return f"quatre-vingt-{_FR_ONES[n - 80]}"


def words_es(n: int) -> str:
    """0..99 in Spanish words: 42 -> cuarenta y dos."""
    if n < 30:
        return _ES_ONES[n]
    tens, ones = divmod(n, 10)
    return _ES_TENS[tens] + (f" y {_ES_ONES[ones]}" if ones else "")


def roman(n: int) -> str:
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def ordinal(n: int) -> str:
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def is_prime(n: int) -> bool:
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def plural(noun: str) -> str:
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def article(word: str) -> str:
    return "an" if word[0] in VOWELS else "a"


def round_half_up(x: float) -> int:
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def season(month: int) -> str:  # meteorological seasons of the northern hemisphere
    return ["winter", "spring", "summer", "autumn"][(month % 12) // 3]


def part_of_day(hour: int) -> str:
    if 5 <= hour <= 11:
        return "morning"
    if 12 <= hour <= 16:
        return "afternoon"
    if 17 <= hour <= 20:
        return "evening"
    return "night"


def twelve_hour(h: int, m: int) -> str:
    return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"


def unique_extreme(words: Sequence[str], longest: bool) -> str | None:
    key = max if longest else min
    target = key(len(w) for w in words)
    hits = [w for w in words if len(w) == target]
    return hits[0] if len(hits) == 1 else None


def fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# =====================================================================================================
# Domains: the shared input formats
# =====================================================================================================


@dataclass(frozen=True)
class Domain:
    """An input format: how to draw an input, how to write it as a prompt, and how descriptions name it."""

    name: str
    inputs: tuple[str, ...]  # noun phrases naming one input, for descriptions ("a single English word")
    sample: Callable[[random.Random], Any] | None = None
    render: Callable[[Any], str] = str
    pool: tuple[Any, ...] | None = None  # finite domains list every input instead of sampling


def _num(rng: random.Random) -> int:
    return rng.randint(0, 99) if rng.random() < 0.5 else rng.randint(100, 999)


def _date(rng: random.Random) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 29584))  # up to 2030-12-31


def _sentence(rng: random.Random) -> str:
    subjects = [
        *rng.sample(FIRST_NAMES, 1),
        "the teacher",
        "my brother",
        "our neighbour",
        "the old man",
        "a small child",
        "the farmer",
    ]
    verbs = {
        "painted": "paint",
        "found": "find",
        "carried": "carry",
        "opened": "open",
        "cleaned": "clean",
        "sold": "sell",
        "bought": "buy",
        "watched": "watch",
        "fixed": "fix",
        "dropped": "drop",
    }
    adjs = ["red", "heavy", "wooden", "broken", "tiny", "shiny", "old", "new", "strange", "lovely"]
    nouns = ["box", "door", "chair", "window", "bicycle", "basket", "lamp", "table", "kite", "piano"]
    tails = [
        "",
        " yesterday",
        " in the garden",
        " after lunch",
        " this morning",
        " at school",
        " very slowly",
    ]
    subj, (past, base), adj, noun, tail = (
        rng.choice(subjects),
        rng.choice(sorted(verbs.items())),
        rng.choice(adjs),
        rng.choice(nouns),
        rng.choice(tails),
    )
    kind = rng.randrange(4)
    if kind < 2:
        text = f"{subj} {past} the {adj} {noun}{tail}."
    elif kind == 2:
        text = f"Did {subj} {base} the {adj} {noun}{tail}?"
    else:
        text = rng.choice(
            [
                f"Where did {subj} {base} the {noun}?",
                f"Why is the {noun} so {adj}?",
                f"Who will {base} the {adj} {noun}{tail}?",
            ]
        )
    return text[0].upper() + text[1:]


def _review(rng: random.Random) -> tuple[str, str]:
    positive = rng.random() < 0.5
    thing = rng.choice(THINGS)
    if rng.random() < 0.75:
        adj = rng.choice(POS_ADJ if positive else NEG_ADJ)
        text = rng.choice(
            [
                f"The {thing} was {adj}.",
                f"What {article(adj)} {adj} {thing}!",
                f"I found the {thing} {adj}.",
                f"Honestly, the {thing} is {adj}.",
                f"This {thing} was truly {adj}.",
                f"Our {thing} today felt {adj}.",
            ]
        )
    else:
        verb = rng.choice(POS_VERBS if positive else NEG_VERBS)
        text = rng.choice(
            [f"I {verb} the {thing}.", f"We really {verb} this {thing}.", f"My friends {verb} the {thing}."]
        )
    return text, "positive" if positive else "negative"


def _topic(rng: random.Random) -> tuple[str, str]:
    topic = rng.choice(sorted(TOPICS))
    text = rng.choice(TOPIC_FRAMES).format(n=rng.choice(FIRST_NAMES), k=rng.choice(TOPICS[topic]))
    return text[0].upper() + text[1:], topic


EVENT_ITEMS = [
    "apple",
    "book",
    "candle",
    "cup",
    "lemon",
    "notebook",
    "ticket",
    "pencil",
    "plate",
    "towel",
    "basket",
    "bottle",
    "lamp",
    "shirt",
    "sock",
    "cherry",
    "peach",
    "knife",
    "glass",
    "brush",
]
EVENT_CITIES = sorted(c for c in CAPITAL_TO_COUNTRY if " " not in c and "-" not in c)


def _event(rng: random.Random) -> dict[str, Any]:
    e = dict(
        person=rng.choice(FIRST_NAMES),
        count=rng.randint(2, 12),
        item=plural(rng.choice(EVENT_ITEMS)),
        city=rng.choice(EVENT_CITIES),
        day=rng.randrange(7),
        form=rng.randrange(5),
    )
    return e


def _render_event(e: dict[str, Any]) -> str:
    p, k, i, c, d = e["person"], e["count"], e["item"], e["city"], DAYS[e["day"]]
    return [
        f"{p} bought {k} {i} in {c} on {d}.",
        f"On {d}, {p} bought {k} {i} in {c}.",
        f"In {c}, {p} sold {k} {i} on {d}.",
        f"{p} ordered {k} {i} from {c} on {d}.",
        f"On {d} in {c}, {p} picked up {k} {i}.",
    ][e["form"]]


RECORD_KEYS = ["name", "age", "city", "job"]


def _record(rng: random.Random) -> dict[str, Any]:
    return dict(
        name=rng.choice(FIRST_NAMES),
        age=rng.randint(5, 90),
        city=rng.choice(EVENT_CITIES),
        job=rng.choice(JOBS),
        order=tuple(rng.sample(RECORD_KEYS, 4)),
    )


def _render_record(r: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {r[k]}" for k in r["order"])


EMAIL_DOMAINS = ["example", "mailbox", "webmail", "postbox", "inbox", "letters", "fastmail", "homenet"]
EMAIL_TLDS = ["com", "org", "net", "io", "de", "fr", "co", "edu"]


def _email(rng: random.Random) -> dict[str, str]:
    first, last = rng.choice(FIRST_NAMES).lower(), rng.choice(SURNAMES).lower()
    tld = "com" if rng.random() < 0.4 else rng.choice(EMAIL_TLDS)
    return dict(
        first=first,
        user=f"{first}{rng.choice('._')}{last}",
        domain=f"{rng.choice(EMAIL_DOMAINS)}.{tld}",
        tld=tld,
    )


def _word_list(rng: random.Random) -> tuple[str, ...]:
    k = rng.randint(3, 5)
    words = rng.sample([w for w in WORDS if NOUN_CATEGORY.get(w) != "animal"], k)
    if rng.random() < 0.6:
        words[rng.randrange(k)] = rng.choice(CATEGORIES["animal"])
    return tuple(words)


def _palindrome_input(rng: random.Random) -> str:
    real = [
        "level",
        "radar",
        "civic",
        "kayak",
        "madam",
        "noon",
        "refer",
        "rotor",
        "stats",
        "racecar",
        "deed",
        "peep",
        "tenet",
        "solos",
        "sagas",
        "redder",
        "reviver",
        "minim",
        "pup",
        "pop",
        "wow",
        "mom",
        "dad",
        "eye",
        "bib",
        "gag",
        "nun",
        "tot",
        "did",
        "sees",
        "toot",
    ]
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(real)
    if roll < 0.5:
        half = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 3)))
        return half + (rng.choice(string.ascii_lowercase) if rng.random() < 0.5 else "") + half[::-1]
    if roll < 0.75:
        return rng.choice(WORDS)
    w = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 7)))
    return w[:-1] + w[0] if rng.random() < 0.5 else w  # near misses: same first and last letter


def _anagram_input(rng: random.Random) -> tuple[str, str]:
    real = [
        ("listen", "silent"),
        ("evil", "vile"),
        ("heart", "earth"),
        ("night", "thing"),
        ("dusty", "study"),
        ("elbow", "below"),
        ("state", "taste"),
        ("angel", "glean"),
        ("act", "cat"),
        ("arc", "car"),
        ("god", "dog"),
        ("rat", "tar"),
        ("stop", "pots"),
        ("save", "vase"),
        ("lemon", "melon"),
        ("peach", "cheap"),
        ("inch", "chin"),
        ("fried", "fired"),
        ("sword", "words"),
        ("cider", "cried"),
    ]
    if rng.random() < 0.2:
        a, b = rng.choice(real)
        return (a, b) if rng.random() < 0.5 else (b, a)
    word = rng.choice([w for w in WORDS if 4 <= len(w) <= 7])
    letters = list(word)
    rng.shuffle(letters)
    if rng.random() < 0.5:  # a near miss: one letter changed
        i = rng.randrange(len(letters))
        letters[i] = rng.choice([c for c in string.ascii_lowercase if c != letters[i]])
    other = "".join(letters)
    return (word, other) if rng.random() < 0.5 else (other, word)


D: dict[str, Domain] = {
    d.name: d
    for d in [
        Domain(
            "word",
            ("a single English word", "one lowercase word", "an English word"),
            sample=lambda r: r.choice(WORDS),
        ),
        Domain("noun", ("an English noun", "a common noun", "a single noun")),  # pools are set per task
        Domain(
            "cphrase",
            (
                "a short phrase naming a coloured object",
                "a phrase such as 'the red car'",
                "a short noun phrase that contains a colour",
            ),
            sample=lambda r: (r.choice(DETERMINERS), r.choice(sorted(COLOURS)), r.choice(OBJECTS)),
            render=lambda t: " ".join(t),
        ),
        Domain("num", ("a whole number", "an integer", "a number written in digits"), sample=_num),
        Domain(
            "bignum",
            (
                "a large whole number written without separators",
                "a long integer",
                "a big number written as plain digits",
            ),
            sample=lambda r: r.randint(1000, 99_999_999),
        ),
        Domain(
            "pair",
            ("two numbers joined by 'and'", "a pair of whole numbers", "two integers"),
            sample=lambda r: (r.randint(0, 99), r.randint(0, 99)),
            render=lambda t: f"{t[0]} and {t[1]}",
        ),
        Domain(
            "nlist",
            (
                "a comma-separated list of numbers",
                "a short list of whole numbers",
                "several numbers separated by commas",
            ),
            sample=lambda r: tuple(r.randint(0, 50) for _ in range(r.randint(3, 5))),
            render=lambda t: ", ".join(map(str, t)),
        ),
        Domain(
            "wlist",
            ("a comma-separated list of words", "a short list of words", "a few words separated by commas"),
            sample=_word_list,
            render=", ".join,
        ),
        Domain(
            "sentence", ("a short English sentence", "one sentence", "a short sentence"), sample=_sentence
        ),
        Domain(
            "review",
            ("a short review", "a one-sentence opinion", "a short comment about something"),
            sample=_review,
            render=lambda t: t[0],
        ),
        Domain(
            "topic",
            ("a short sentence", "a one-line statement", "a sentence about some subject"),
            sample=_topic,
            render=lambda t: t[0],
        ),
        Domain(
            "event",
            (
                "a sentence describing a purchase or sale",
                "a short sentence about someone buying or selling things",
                "a one-sentence shopping story",
            ),
            sample=_event,
            render=_render_event,
        ),
        Domain(
            "record",
            (
                "a record with name, age, city and job fields",
                "a short key-value record about a person",
                "a line of 'key: value' fields describing a person",
            ),
            sample=_record,
            render=_render_record,
        ),
        Domain(
            "email",
            ("an email address", "an e-mail address", "a single email address"),
            sample=_email,
            render=lambda e: f"{e['user']}@{e['domain']}",
        ),
        Domain(
            "fullname",
            ("a person's full name", "a first name followed by a surname", "someone's first and last name"),
            sample=lambda r: (r.choice(FIRST_NAMES), r.choice(SURNAMES)),
            render=" ".join,
        ),
        Domain(
            "firstname", ("a first name", "a person's given name", "someone's name"), pool=tuple(FIRST_NAMES)
        ),
        Domain(
            "date",
            ("a date in YYYY-MM-DD format", "an ISO date", "a date written as year-month-day"),
            sample=_date,
            render=lambda d: d.isoformat(),
        ),
        Domain(
            "longdate",
            (
                "a date such as '14 March 2021'",
                "a date written out with the month name",
                "a date in day, month name, year order",
            ),
            sample=_date,
            render=lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
        ),
        Domain(
            "time",
            ("a time in 24-hour HH:MM format", "a 24-hour clock time", "a time of day such as 14:35"),
            sample=lambda r: (
                r.randrange(24),
                r.choice([0, 0, 15, 30, 45, r.randrange(60), r.randrange(60)]),
            ),
            render=lambda t: f"{t[0]:02d}:{t[1]:02d}",
        ),
        Domain("country", ("a country name", "the name of a country", "a country"), pool=tuple(COUNTRIES)),
        Domain(
            "capital",
            ("a capital city", "the name of a capital city", "a city name"),
            pool=tuple(CAPITAL_TO_COUNTRY),
        ),
        # held-out inputs
        Domain(
            "candidate",
            ("a word or a string of letters", "a lowercase string", "a short string of letters"),
            sample=_palindrome_input,
        ),
        Domain(
            "wordpair",
            ("two words joined by 'and'", "a pair of words", "two strings of letters"),
            sample=_anagram_input,
            render=lambda t: f"{t[0]} and {t[1]}",
        ),
        Domain("antonym", ("a single English word", "an everyday word", "one word"), pool=tuple(ANTONYMS)),
        Domain(
            "element",
            ("the name of a chemical element", "a chemical element", "an element's English name"),
            pool=tuple(ELEMENTS),
        ),
        Domain(
            "daterange",
            (
                "two dates of the same month joined by 'to'",
                "a date range within one month",
                "two ISO dates separated by 'to'",
            ),
            sample=lambda r: (_date(r).replace(day=r.randint(1, 14)), r.randint(1, 14)),
            render=lambda t: f"{t[0].isoformat()} to {(t[0] + dt.timedelta(days=t[1])).isoformat()}",
        ),
        Domain(
            "fraction",
            ("a fraction such as 3/4", "a fraction written with a slash", "a simple fraction"),
            pool=tuple((a, b) for b in (2, 4, 5, 10, 20, 25, 50) for a in range(1, b)),
            render=lambda t: f"{t[0]}/{t[1]}",
        ),
        Domain(
            "hex",
            ("a hexadecimal number with the 0x prefix", "a number in base 16", "a hex value such as 0x1F"),
            sample=lambda r: r.randint(0, 255),
            render=lambda n: f"0x{n:X}",
        ),
        Domain(
            "minutes",
            ("a number of minutes", "a duration in minutes", "an amount of time given in minutes"),
            sample=lambda r: r.randint(61, 600),
            render=lambda n: f"{n} minutes",
        ),
        Domain(
            "year", ("a year", "a four-digit year", "a calendar year"), sample=lambda r: r.randint(1600, 2400)
        ),
    ]
}


def _measure(name: str, unit: str, inputs: tuple[str, ...], lo: float, hi: float, step: float) -> Domain:
    count = int(round((hi - lo) / step))
    return Domain(
        name,
        inputs,
        sample=lambda r: lo + step * r.randint(0, count),
        render=lambda x: f"{fmt_num(x)} {unit}",
    )


for _d in [
    _measure(
        "km", "km", ("a distance in kilometres", "a length in km", "a number of kilometres"), 0.5, 250, 0.5
    ),
    _measure("m", "m", ("a length in metres", "a distance in metres", "a number of metres"), 0.25, 60, 0.25),
    _measure("kg", "kg", ("a mass in kilograms", "a weight in kg", "a number of kilograms"), 0.5, 120, 0.5),
    _measure(
        "hours", "hours", ("a duration in hours", "a number of hours", "an amount of time in hours"), 1, 72, 1
    ),
    _measure(
        "mins", "min", ("a duration in minutes", "a number of minutes", "a time span in minutes"), 1, 240, 1
    ),
    _measure(
        "litres", "L", ("a volume in litres", "an amount in litres", "a number of litres"), 0.25, 40, 0.25
    ),
    _measure(
        "cm",
        "cm",
        ("a length in centimetres", "a number of centimetres", "a short length in cm"),
        0.5,
        150,
        0.5,
    ),
    _measure(
        "celsius",
        "°C",
        ("a temperature in degrees Celsius", "a Celsius temperature", "a temperature in °C"),
        -30,
        60,
        1,
    ),
    _measure(
        "fahrenheit",
        "°F",
        ("a temperature in degrees Fahrenheit", "a Fahrenheit temperature", "a temperature in °F"),
        -20,
        130,
        1,
    ),
]:
    D[_d.name] = _d

# =====================================================================================================
# Tasks
# =====================================================================================================

FRAMES = [
    "{Instr}. {fmt}",
    "Given {inp}, {instr}. {fmt}",
    "You will receive {inp}. {Instr}. {fmt}",
    "Task: {instr}. {fmt}",
    "Please {instr}. {fmt}",
    "The input is {inp}. {Instr}. {fmt}",
    "Your job is to {instr}. {fmt}",
    "For {inp}, {instr}. {fmt}",
    "Read {inp} and {instr}. {fmt}",
    "I will give you {inp}; {instr}. {fmt}",
    "When you are shown {inp}, {instr}. {fmt}",
    "Here is what to do with {inp}: {instr}. {fmt}",
    "{fmt} The task is to {instr}.",
    "{Instr}. {fmt} Do not explain your answer.",
]


@dataclass
class Task:
    split: str
    task_id: str
    family: str
    domain: Domain
    answer: Callable[[Any], Any]  # input -> gold response (None: input not usable for this task)
    instr: list[str]  # imperative phrases, lower-case start, no final full stop
    fmt: list[str]  # full sentences stating the exact output format
    metric: str
    labels: list[str] | None
    composition: str | None
    balance: bool
    pool: tuple[Any, ...] | None


TASKS: list[Task] = []


def add(
    split: str,
    task_id: str,
    family: str,
    domain: str,
    answer: Callable[[Any], Any],
    instr: list[str],
    fmt: list[str],
    *,
    metric: str | None = None,
    labels: Sequence[str] | None = None,
    comp: str | None = None,
    balance: bool | None = None,
    pool: Sequence[Any] | None = None,
) -> None:
    if metric is None:
        metric = "label_accuracy" if labels else "exact_match"
    TASKS.append(
        Task(
            split,
            task_id,
            family,
            D[domain],
            answer,
            list(instr),
            list(fmt),
            metric,
            list(labels) if labels else None,
            comp,
            bool(labels) if balance is None else balance,
            tuple(pool) if pool is not None else None,
        )
    )


def train(*args: Any, **kw: Any) -> None:
    add("train", *args, **kw)


def heldout(*args: Any, **kw: Any) -> None:
    add("heldout", *args, **kw)


# ---- output-format sentences


def only(what: str) -> list[str]:
    return [
        f"Reply with only {what}.",
        f"Answer with just {what} and nothing else.",
        f"Output {what} alone, with no extra text.",
    ]


def num(what: str) -> list[str]:
    return [
        "Reply with only the number.",
        f"Answer with just {what}, written in digits.",
        f"Give {what} as a plain number and nothing else.",
    ]


def _quoted_list(labels: Sequence[str], word: str = "or") -> str:
    quoted = [f"'{x}'" for x in labels]
    return f"{', '.join(quoted[:-1])} {word} {quoted[-1]}"


def lab(*labels: str) -> list[str]:
    return [
        f"Reply with only {_quoted_list(labels)}.",
        f"Answer with exactly one label: {', '.join(labels)}.",
        f"The only allowed answers are {_quoted_list(labels, 'and')}.",
    ]


def yn(cond: str, yes: str = "yes", no: str = "no") -> list[str]:
    return [
        f"Reply '{yes}' if {cond} and '{no}' otherwise.",
        f"Answer {yes} when {cond}; if not, answer {no}.",
        f"Say only {yes} or {no} ({yes} means {cond}).",
    ]


def exactly(template: str) -> list[str]:
    return [
        f"Reply with exactly {template}.",
        f"Write only {template}, nothing more.",
        f"The answer must be exactly {template}.",
    ]


# ---------------------------------------------------------------- single words: string operations
W = "word"
S_T, S_X, S_C, S_W, S_P = "string_transform", "string_extract", "string_count", "string_wrap", "word_property"
train(
    "word_reverse",
    S_T,
    W,
    lambda w: w[::-1],
    ["reverse the order of the letters in the word", "write the word backwards", "spell the word in reverse"],
    only("the reversed word"),
)
train(
    "word_upper",
    S_T,
    W,
    str.upper,
    [
        "convert the word to uppercase",
        "rewrite the word in capital letters",
        "make every letter of the word uppercase",
    ],
    only("the word in uppercase"),
    metric="exact_match_cased",
)
train(
    "word_capitalize",
    S_T,
    W,
    str.capitalize,
    [
        "capitalize the first letter of the word",
        "make only the first letter of the word uppercase",
        "write the word with an initial capital letter",
    ],
    only("the capitalized word"),
    metric="exact_match_cased",
)
train(
    "word_first_letter",
    S_X,
    W,
    lambda w: w[0],
    [
        "give the first letter of the word",
        "tell which letter the word starts with",
        "find the initial letter of the word",
    ],
    only("that single letter"),
)
train(
    "word_last_letter",
    S_X,
    W,
    lambda w: w[-1],
    [
        "give the last letter of the word",
        "tell which letter the word ends with",
        "find the final letter of the word",
    ],
    only("that single letter"),
)
train(
    "word_first_three",
    S_X,
    W,
    lambda w: w[:3] if len(w) >= 4 else None,
    [
        "give the first three letters of the word",
        "write the word's opening three letters",
        "cut the word down to its first three letters",
    ],
    only("those three letters"),
)
train(
    "word_last_three",
    S_X,
    W,
    lambda w: w[-3:] if len(w) >= 4 else None,
    [
        "give the last three letters of the word",
        "write the word's final three letters",
        "keep only the last three letters of the word",
    ],
    only("those three letters"),
)
train(
    "word_length",
    S_C,
    W,
    len,
    ["count the letters in the word", "say how many letters the word has", "find the length of the word"],
    num("the letter count"),
    metric="numeric",
)
train(
    "word_count_vowels",
    S_C,
    W,
    lambda w: sum(c in VOWELS for c in w),
    [
        "count the vowels (a, e, i, o, u) in the word",
        "say how many of the word's letters are vowels (a, e, i, o, u)",
        "find the number of vowels in the word, counting a, e, i, o and u",
    ],
    num("the vowel count"),
    metric="numeric",
)
train(
    "word_count_consonants",
    S_C,
    W,
    lambda w: sum(c not in VOWELS for c in w),
    [
        "count the consonants in the word (every letter except a, e, i, o, u)",
        "say how many letters of the word are not vowels (a, e, i, o, u)",
        "find the number of consonants in the word, treating a, e, i, o, u as vowels",
    ],
    num("the consonant count"),
    metric="numeric",
)
train(
    "word_count_e",
    S_C,
    W,
    lambda w: w.count("e"),
    [
        "count how many times the letter 'e' appears in the word",
        "say how often the letter e occurs in the word",
        "find the number of e's in the word",
    ],
    num("the count"),
    metric="numeric",
)
train(
    "word_alphabet_index",
    S_C,
    W,
    lambda w: ord(w[0]) - 96,
    [
        "give the position in the alphabet of the word's first letter (a = 1, z = 26)",
        "say where the first letter of the word comes in the alphabet, counting a as 1",
        "find the alphabet number of the word's initial letter, with a = 1 and b = 2",
    ],
    num("that position"),
    metric="numeric",
)
train(
    "word_remove_vowels",
    S_T,
    W,
    lambda w: "".join(c for c in w if c not in VOWELS) or None,
    [
        "remove every vowel (a, e, i, o, u) from the word",
        "delete the vowels a, e, i, o and u from the word",
        "strip the vowels out of the word, keeping the consonants in order",
    ],
    only("the remaining letters"),
)
train(
    "word_star_vowels",
    S_T,
    W,
    lambda w: "".join("*" if c in VOWELS else c for c in w),
    [
        "replace each vowel (a, e, i, o, u) in the word with an asterisk",
        "hide the vowels of the word behind '*' signs",
        "swap every a, e, i, o and u in the word for a '*'",
    ],
    only("the masked word"),
)
train(
    "word_spell_hyphens",
    S_T,
    W,
    lambda w: "-".join(w) if len(w) <= 6 else None,
    [
        "spell the word out with hyphens between the letters",
        "put a hyphen between every two letters of the word",
        "write the letters of the word separated by dashes",
    ],
    only("the hyphenated spelling, such as c-a-t"),
)
train(
    "word_spell_spaces",
    S_T,
    W,
    lambda w: " ".join(w) if len(w) <= 8 else None,
    [
        "spell the word out with a space between the letters",
        "write the letters of the word separated by single spaces",
        "put one space between every two letters of the word",
    ],
    only("the spaced-out letters, such as c a t"),
)
train(
    "word_sort_letters",
    S_T,
    W,
    lambda w: "".join(sorted(w)),
    [
        "sort the letters of the word alphabetically",
        "rearrange the word's letters into alphabetical order",
        "put the letters of the word in order from a to z",
    ],
    only("the sorted letters as one string"),
)
train(
    "word_repeat_twice",
    S_T,
    W,
    lambda w: f"{w} {w}",
    ["repeat the word twice", "write the word two times", "say the word twice in a row"],
    only("the word, a space, and the word again"),
)
train(
    "word_swap_ends",
    S_T,
    W,
    lambda w: w[-1] + w[1:-1] + w[0] if w[0] != w[-1] else None,
    [
        "swap the first and last letters of the word",
        "exchange the word's first letter with its last letter",
        "switch the opening and closing letters of the word",
    ],
    only("the changed word"),
)
train(
    "word_drop_first",
    S_T,
    W,
    lambda w: w[1:],
    [
        "remove the first letter of the word",
        "drop the word's opening letter",
        "delete the initial letter of the word",
    ],
    only("what is left of the word"),
)
train(
    "word_drop_last",
    S_T,
    W,
    lambda w: w[:-1],
    [
        "remove the last letter of the word",
        "drop the word's final letter",
        "delete the closing letter of the word",
    ],
    only("what is left of the word"),
)
train(
    "word_brackets",
    S_W,
    W,
    lambda w: f"[{w}]",
    [
        "wrap the word in square brackets",
        "put the word between [ and ]",
        "enclose the word in square brackets",
    ],
    only("the bracketed word, such as [cat]"),
)
train(
    "word_parens",
    S_W,
    W,
    lambda w: f"({w})",
    ["wrap the word in parentheses", "put the word between round brackets", "enclose the word in ( and )"],
    only("the word in parentheses, such as (cat)"),
)
train(
    "word_quotes",
    S_W,
    W,
    lambda w: f'"{w}"',
    [
        "wrap the word in double quotation marks",
        "put the word in double quotes",
        'quote the word with " marks',
    ],
    only('the quoted word, such as "cat"'),
)
train(
    "word_stars",
    S_W,
    W,
    lambda w: f"*{w}*",
    [
        "put an asterisk before and after the word",
        "surround the word with single asterisks",
        "wrap the word in * signs",
    ],
    only("the word between asterisks, such as *cat*"),
)
train(
    "word_hashtag",
    S_W,
    W,
    lambda w: f"#{w}",
    ["turn the word into a hashtag", "put a # sign in front of the word", "make a hashtag out of the word"],
    only("the hashtag, such as #cat"),
)
train(
    "word_first_letter_upper",
    S_X,
    W,
    lambda w: w[0].upper(),
    [
        "give the first letter of the word as a capital letter",
        "write the word's initial in uppercase",
        "find the first letter of the word and capitalize it",
    ],
    only("that one uppercase letter"),
    metric="exact_match_cased",
    comp="word_first_letter+word_upper",
)
train(
    "word_short_long",
    S_P,
    W,
    lambda w: "short" if len(w) <= 5 else "long",
    [
        "classify the word as short or long by its length",
        "decide whether the word is short or long",
        "label the word short or long depending on how many letters it has",
    ],
    [
        "Reply 'short' if it has five letters or fewer and 'long' if it has six or more.",
        "Answer short for words of at most five letters and long for longer words.",
        "Say only short (five letters or fewer) or long (six letters or more).",
    ],
    labels=["short", "long"],
)
train(
    "word_starts_vowel",
    S_P,
    W,
    lambda w: "yes" if w[0] in VOWELS else "no",
    [
        "check whether the word begins with a vowel",
        "decide if the first letter of the word is a vowel",
        "tell whether the word starts with a, e, i, o or u",
    ],
    yn("the word starts with a vowel"),
    labels=["yes", "no"],
)
train(
    "word_has_e",
    S_P,
    W,
    lambda w: "yes" if "e" in w else "no",
    [
        "check whether the word contains the letter 'e'",
        "decide if the letter e appears in the word",
        "tell whether there is an 'e' anywhere in the word",
    ],
    yn("the word contains an e"),
    labels=["yes", "no"],
)
train(
    "word_has_a",
    S_P,
    W,
    lambda w: "true" if "a" in w else "false",
    [
        "check whether the word contains the letter 'a'",
        "decide if the letter a appears in the word",
        "tell whether there is an 'a' anywhere in the word",
    ],
    yn("the word contains an a", "true", "false"),
    labels=["true", "false"],
)
train(
    "word_double_letter",
    S_P,
    W,
    lambda w: "yes" if any(a == b for a, b in zip(w, w[1:], strict=False)) else "no",
    [
        "check whether the word has the same letter twice in a row",
        "decide if the word contains a doubled letter, as in 'ball'",
        "tell whether two identical letters stand next to each other in the word",
    ],
    yn("the word has a double letter"),
    labels=["yes", "no"],
)

# ---------------------------------------------------------------- nouns: grammar, lexicon, translation
PLURAL_POOL = sorted({*TRANSLATIONS, *NOUN_CATEGORY, *VOWEL_NOUNS, *OTHER_NOUNS} - UNCOUNTABLE)
ARTICLE_POOL = sorted({*NOUN_CATEGORY, *VOWEL_NOUNS, *OTHER_NOUNS} - UNCOUNTABLE)
train(
    "noun_plural",
    "noun_grammar",
    "noun",
    plural,
    [
        "give the plural form of the noun",
        "write the noun in the plural",
        "turn the singular noun into its plural",
    ],
    only("the plural noun"),
    pool=PLURAL_POOL,
)
train(
    "noun_article",
    "noun_grammar",
    "noun",
    article,
    [
        "choose the indefinite article that goes before the noun",
        "decide whether the noun takes 'a' or 'an'",
        "pick the right indefinite article for the noun",
    ],
    lab("a", "an"),
    labels=["a", "an"],
    pool=ARTICLE_POOL,
)
train(
    "noun_with_article",
    "noun_grammar",
    "noun",
    lambda n: f"{article(n)} {n}",
    [
        "put the correct indefinite article in front of the noun",
        "write the noun preceded by 'a' or 'an' as appropriate",
        "add the right indefinite article before the noun",
    ],
    only("the article and the noun, such as 'an apple'"),
    pool=ARTICLE_POOL,
    balance=False,
)
train(
    "noun_category",
    "lexicon_category",
    "noun",
    NOUN_CATEGORY.get,
    [
        "name the category the noun belongs to",
        "classify the noun into its category",
        "say what kind of thing the noun is",
    ],
    lab(*CATEGORIES),
    labels=list(CATEGORIES),
    pool=sorted(NOUN_CATEGORY),
)
train(
    "noun_is_animal",
    "lexicon_category",
    "noun",
    lambda n: "yes" if NOUN_CATEGORY[n] == "animal" else "no",
    [
        "decide whether the noun names an animal",
        "check if the noun is an animal",
        "tell whether the thing named is an animal",
    ],
    yn("it is an animal"),
    labels=["yes", "no"],
    pool=sorted(NOUN_CATEGORY),
)
train(
    "noun_is_produce",
    "lexicon_category",
    "noun",
    lambda n: "yes" if NOUN_CATEGORY[n] in ("fruit", "vegetable") else "no",
    [
        "decide whether the noun names a fruit or a vegetable",
        "check if the noun is a kind of fruit or vegetable",
        "tell whether the thing named is a fruit or a vegetable",
    ],
    yn("it is a fruit or a vegetable"),
    labels=["yes", "no"],
    pool=sorted(NOUN_CATEGORY),
)
for _lang, _i, _tid in (("French", 0, "noun_fr"), ("Spanish", 1, "noun_es"), ("German", 2, "noun_de")):
    train(
        _tid,
        "translation",
        "noun",
        lambda n, i=_i: TRANSLATIONS[n][i],
        [
            f"translate the English noun into {_lang}",
            f"give the {_lang} word for the noun",
            f"say the noun in {_lang}",
        ],
        only(f"the {_lang} word, singular and without an article"),
        pool=sorted(TRANSLATIONS),
    )

# ---------------------------------------------------------------- coloured object phrases
C = "cphrase"
train(
    "cp_colour",
    "extraction",
    C,
    lambda t: t[1],
    [
        "extract the colour from the phrase",
        "say which colour the phrase mentions",
        "find the colour word in the phrase",
    ],
    only("the colour word"),
)
train(
    "cp_object",
    "extraction",
    C,
    lambda t: t[2],
    [
        "extract the object from the phrase",
        "say which thing the phrase is about, ignoring the colour",
        "find the noun in the phrase",
    ],
    only("the noun, singular"),
)
train(
    "cp_object_plural",
    "extraction",
    C,
    lambda t: plural(t[2]),
    [
        "give the plural of the object named in the phrase",
        "find the noun in the phrase and put it in the plural",
        "write the plural form of the thing the phrase describes",
    ],
    only("the plural noun"),
    comp="cp_object+noun_plural",
)
train(
    "cp_colour_fr",
    "translation",
    C,
    lambda t: COLOURS[t[1]][0],
    [
        "give the French word for the colour in the phrase",
        "translate the colour mentioned in the phrase into French",
        "say the phrase's colour in French",
    ],
    only("the French colour word in its basic masculine form"),
)
train(
    "cp_colour_es",
    "translation",
    C,
    lambda t: COLOURS[t[1]][1],
    [
        "give the Spanish word for the colour in the phrase",
        "translate the colour mentioned in the phrase into Spanish",
        "say the phrase's colour in Spanish",
    ],
    only("the Spanish colour word in its basic masculine form"),
)
train(
    "cp_primary",
    "lexicon_category",
    C,
    lambda t: "yes" if t[1] in PRIMARY else "no",
    [
        "decide whether the colour in the phrase is a primary colour (red, blue or yellow)",
        "check if the phrase's colour is red, blue or yellow",
        "tell whether the object's colour is one of the primary colours red, blue and yellow",
    ],
    yn("it is a primary colour"),
    labels=["yes", "no"],
)

# ---------------------------------------------------------------- single numbers
N, NP, AR, NF, DG = "num", "number_property", "arithmetic", "number_format", "digit_ops"
train(
    "num_parity",
    NP,
    N,
    lambda n: "even" if n % 2 == 0 else "odd",
    [
        "classify the number as even or odd",
        "decide whether the number is even or odd",
        "state the parity of the number",
    ],
    lab("even", "odd"),
    labels=["even", "odd"],
)
train(
    "num_is_even",
    NP,
    N,
    lambda n: "yes" if n % 2 == 0 else "no",
    [
        "decide whether the number is even",
        "check if the number is divisible by two",
        "tell whether the number is even",
    ],
    yn("the number is even"),
    labels=["yes", "no"],
)
train(
    "num_is_odd",
    NP,
    N,
    lambda n: "true" if n % 2 else "false",
    [
        "decide whether the number is odd",
        "check if the number leaves a remainder when divided by two",
        "tell whether the number is odd",
    ],
    yn("the number is odd", "true", "false"),
    labels=["true", "false"],
)
train(
    "num_parity_oui_non",
    NP,
    N,
    lambda n: "oui" if n % 2 == 0 else "non",
    [
        "decide whether the number is even and answer in French",
        "check if the number is even, replying in French",
        "tell in French whether the number is even",
    ],
    yn("the number is even", "oui", "non"),
    labels=["oui", "non"],
)
train(
    "num_is_prime",
    NP,
    N,
    lambda n: "yes" if is_prime(n) else "no",
    [
        "decide whether the number is prime",
        "check if the number is a prime number",
        "tell whether the number is prime",
    ],
    yn("the number is prime"),
    labels=["yes", "no"],
)
train(
    "num_multiple_of_3",
    NP,
    N,
    lambda n: "yes" if n % 3 == 0 else "no",
    [
        "decide whether the number is divisible by 3",
        "check if the number is a multiple of three",
        "tell whether three divides the number exactly",
    ],
    yn("it is a multiple of 3"),
    labels=["yes", "no"],
)
train(
    "num_multiple_of_5",
    NP,
    N,
    lambda n: "yes" if n % 5 == 0 else "no",
    [
        "decide whether the number is divisible by 5",
        "check if the number is a multiple of five",
        "tell whether five divides the number exactly",
    ],
    yn("it is a multiple of 5"),
    labels=["yes", "no"],
)
train(
    "num_over_500",
    NP,
    N,
    lambda n: "yes" if n > 500 else "no",
    [
        "decide whether the number is greater than 500",
        "check if the number exceeds five hundred",
        "tell whether the number is above 500",
    ],
    yn("the number is greater than 500"),
    labels=["yes", "no"],
)
train(
    "num_high_low",
    NP,
    N,
    lambda n: "high" if n >= 500 else "low",
    [
        "classify the number as high or low",
        "label the number high or low compared with 500",
        "decide whether the number counts as high or low",
    ],
    [
        "Reply 'high' for 500 or more and 'low' for anything below 500.",
        "Answer high if the number is at least 500, otherwise low.",
        "Say only high (500 and above) or low (below 500).",
    ],
    labels=["high", "low"],
)
train(
    "num_plus_one",
    AR,
    N,
    lambda n: n + 1,
    ["add one to the number", "give the number that comes right after it", "increase the number by 1"],
    num("the result"),
    metric="numeric",
)
train(
    "num_minus_one",
    AR,
    N,
    lambda n: n - 1,
    [
        "subtract one from the number",
        "give the number that comes right before it",
        "decrease the number by 1",
    ],
    num("the result"),
    metric="numeric",
)
train(
    "num_double",
    AR,
    N,
    lambda n: 2 * n,
    ["double the number", "multiply the number by two", "give twice the number"],
    num("the result"),
    metric="numeric",
)
train(
    "num_add_ten",
    AR,
    N,
    lambda n: n + 10,
    ["add ten to the number", "increase the number by 10", "give the number plus ten"],
    num("the result"),
    metric="numeric",
)
train(
    "num_times_ten",
    AR,
    N,
    lambda n: 10 * n,
    ["multiply the number by ten", "give ten times the number", "scale the number up by a factor of 10"],
    num("the result"),
    metric="numeric",
)
train(
    "num_square",
    AR,
    N,
    lambda n: n * n if n < 100 else None,
    ["square the number", "multiply the number by itself", "give the square of the number"],
    num("the result"),
    metric="numeric",
)
train(
    "num_negative",
    AR,
    N,
    lambda n: -n if n else None,
    ["give the negative of the number", "flip the sign of the number", "write the number with a minus sign"],
    only("the negative number, such as -42"),
    metric="numeric",
)
train(
    "num_words_en",
    NF,
    N,
    lambda n: words_en(n) if n < 100 else None,
    [
        "write the number out in English words",
        "spell the number in words",
        "give the English name of the number",
    ],
    only("the words in lowercase, with a hyphen in compounds such as forty-two"),
)
train(
    "num_words_fr",
    "translation",
    N,
    lambda n: words_fr(n) if n < 100 else None,
    [
        "write the number out in French words",
        "spell the number in French",
        "give the French name of the number",
    ],
    only("the French words in lowercase, hyphenated as in quatre-vingt-dix"),
)
train(
    "num_roman",
    NF,
    N,
    lambda n: roman(n) if 1 <= n <= 400 else None,
    [
        "write the number as a Roman numeral",
        "convert the number to Roman numerals",
        "give the Roman numeral for the number",
    ],
    only("the Roman numeral in capital letters"),
)
train(
    "num_binary",
    NF,
    N,
    lambda n: format(n, "b") if n < 64 else None,
    [
        "write the number in binary",
        "convert the number to base 2",
        "give the binary representation of the number",
    ],
    only("the binary digits without a prefix or leading zeros"),
)
train(
    "num_ordinal",
    NF,
    N,
    lambda n: ordinal(n) if n else None,
    [
        "turn the number into an ordinal",
        "write the number as an ordinal with its suffix",
        "add the right ordinal suffix (st, nd, rd or th) to the number",
    ],
    only("the ordinal in digits, such as 21st"),
)
train(
    "num_round_ten",
    NF,
    N,
    lambda n: round_half_up(n / 10) * 10,
    [
        "round the number to the nearest ten",
        "give the number rounded to the nearest multiple of 10",
        "round the number to tens, rounding halves up",
    ],
    num("the rounded number"),
    metric="numeric",
)
train(
    "num_round_hundred",
    NF,
    N,
    lambda n: round_half_up(n / 100) * 100,
    [
        "round the number to the nearest hundred",
        "give the number rounded to the nearest multiple of 100",
        "round the number to hundreds, rounding halves up",
    ],
    num("the rounded number"),
    metric="numeric",
)
train(
    "num_digit_sum",
    DG,
    N,
    lambda n: sum(map(int, str(n))),
    [
        "add up the digits of the number",
        "give the sum of the number's digits",
        "compute the digit sum of the number",
    ],
    num("the sum"),
    metric="numeric",
)
train(
    "num_digit_count",
    DG,
    N,
    lambda n: len(str(n)),
    [
        "count the digits in the number",
        "say how many digits the number has",
        "find how many digits are used to write the number",
    ],
    num("the digit count"),
    metric="numeric",
    balance=True,
)
train(
    "num_last_digit",
    DG,
    N,
    lambda n: n % 10,
    [
        "give the last digit of the number",
        "say which digit the number ends with",
        "find the units digit of the number",
    ],
    only("that digit"),
    metric="numeric",
)
train(
    "num_first_digit",
    DG,
    N,
    lambda n: int(str(n)[0]),
    [
        "give the first digit of the number",
        "say which digit the number starts with",
        "find the leading digit of the number",
    ],
    only("that digit"),
    metric="numeric",
)
train(
    "num_reverse_digits",
    DG,
    N,
    lambda n: str(n)[::-1] if n >= 10 and n % 10 else None,
    [
        "reverse the digits of the number",
        "write the number's digits backwards",
        "give the number read from right to left",
    ],
    only("the reversed digits"),
)
train(
    "big_thousands",
    NF,
    "bignum",
    lambda n: f"{n:,}",
    [
        "write the number with commas between groups of three digits",
        "add thousands separators to the number",
        "format the number with a comma every three digits from the right",
    ],
    only("the formatted number, such as 1,234,567"),
)
train(
    "big_round_thousand",
    NF,
    "bignum",
    lambda n: round_half_up(n / 1000) * 1000,
    [
        "round the number to the nearest thousand",
        "give the number rounded to the nearest multiple of 1000",
        "round the number to thousands, rounding halves up",
    ],
    num("the rounded number, without separators"),
    metric="numeric",
)

# ---------------------------------------------------------------- pairs of numbers
P, CMP = "pair", "comparison"
train(
    "pair_sum",
    AR,
    P,
    lambda t: t[0] + t[1],
    ["add the two numbers", "give the sum of the two numbers", "compute the total of the two numbers"],
    num("the sum"),
    metric="numeric",
)
train(
    "pair_difference",
    AR,
    P,
    lambda t: t[0] - t[1],
    [
        "subtract the second number from the first",
        "give the first number minus the second",
        "compute the first number take away the second",
    ],
    num("the result, with a minus sign if it is negative"),
    metric="numeric",
)
train(
    "pair_abs_difference",
    AR,
    P,
    lambda t: abs(t[0] - t[1]),
    [
        "give the distance between the two numbers",
        "find how far apart the two numbers are",
        "compute the absolute difference of the two numbers",
    ],
    num("the difference, which is never negative"),
    metric="numeric",
)
train(
    "pair_product",
    AR,
    P,
    lambda t: t[0] * t[1] if t[0] <= 15 and t[1] <= 15 else None,
    [
        "multiply the two numbers",
        "give the product of the two numbers",
        "compute the first number times the second",
    ],
    num("the product"),
    metric="numeric",
)
train(
    "pair_remainder",
    AR,
    P,
    lambda t: t[0] % t[1] if 2 <= t[1] <= 9 else None,
    [
        "give the remainder when the first number is divided by the second",
        "compute the first number modulo the second",
        "find what is left over after dividing the first number by the second",
    ],
    num("the remainder"),
    metric="numeric",
)
train(
    "pair_concat",
    S_T,
    P,
    lambda t: f"{t[0]}{t[1]}",
    [
        "join the two numbers into one by writing them side by side",
        "glue the digits of the two numbers together",
        "concatenate the two numbers without a space",
    ],
    only("the joined digits, such as 1245 for 12 and 45"),
)
train(
    "pair_max",
    CMP,
    P,
    max,
    ["give the larger of the two numbers", "pick the bigger number", "find the maximum of the two numbers"],
    num("that number"),
    metric="numeric",
)
train(
    "pair_min",
    CMP,
    P,
    min,
    ["give the smaller of the two numbers", "pick the lesser number", "find the minimum of the two numbers"],
    num("that number"),
    metric="numeric",
)
train(
    "pair_which_larger",
    CMP,
    P,
    lambda t: None if t[0] == t[1] else ("first" if t[0] > t[1] else "second"),
    [
        "say which of the two numbers is larger",
        "tell whether the first or the second number is bigger",
        "decide which position holds the larger number",
    ],
    [
        "Reply 'first' if the first number is larger and 'second' if the second is.",
        "Answer first or second, naming the position of the larger number.",
        "Say only first or second (the one that is bigger).",
    ],
    labels=["first", "second"],
)
train(
    "pair_compare",
    CMP,
    P,
    lambda t: "greater" if t[0] > t[1] else ("less" if t[0] < t[1] else "equal"),
    [
        "compare the first number with the second",
        "say how the first number relates to the second",
        "decide whether the first number is greater than, less than or equal to the second",
    ],
    lab("greater", "less", "equal"),
    labels=["greater", "less", "equal"],
)
train(
    "pair_both_even",
    NP,
    P,
    lambda t: "yes" if t[0] % 2 == 0 and t[1] % 2 == 0 else "no",
    [
        "decide whether both numbers are even",
        "check that the two numbers are both even",
        "tell whether neither of the two numbers is odd",
    ],
    yn("both numbers are even"),
    labels=["yes", "no"],
)

# ---------------------------------------------------------------- lists of numbers
L, LF = "nlist", "number_list"
train(
    "list_max",
    LF,
    L,
    max,
    [
        "give the largest number in the list",
        "find the maximum of the list",
        "pick the biggest number from the list",
    ],
    num("that number"),
    metric="numeric",
)
train(
    "list_min",
    LF,
    L,
    min,
    [
        "give the smallest number in the list",
        "find the minimum of the list",
        "pick the lowest number from the list",
    ],
    num("that number"),
    metric="numeric",
)
train(
    "list_sum",
    LF,
    L,
    sum,
    [
        "add up all the numbers in the list",
        "give the total of the list",
        "compute the sum of the listed numbers",
    ],
    num("the sum"),
    metric="numeric",
)
train(
    "list_count",
    LF,
    L,
    len,
    [
        "count the numbers in the list",
        "say how many numbers the list contains",
        "give the length of the list",
    ],
    num("the count"),
    metric="numeric",
)
train(
    "list_first",
    LF,
    L,
    lambda t: t[0],
    [
        "give the first number in the list",
        "pick the number that comes first",
        "return the opening item of the list",
    ],
    num("that number"),
    metric="numeric",
)
train(
    "list_last",
    LF,
    L,
    lambda t: t[-1],
    [
        "give the last number in the list",
        "pick the number that comes last",
        "return the final item of the list",
    ],
    num("that number"),
    metric="numeric",
)
train(
    "list_second",
    LF,
    L,
    lambda t: t[1],
    [
        "give the second number in the list",
        "pick the item in position two",
        "return the number that comes after the first one",
    ],
    num("that number"),
    metric="numeric",
)
train(
    "list_range",
    LF,
    L,
    lambda t: max(t) - min(t),
    [
        "give the difference between the largest and the smallest number in the list",
        "compute the range of the list (maximum minus minimum)",
        "subtract the smallest list item from the largest",
    ],
    num("the result"),
    metric="numeric",
)
train(
    "list_count_even",
    LF,
    L,
    lambda t: sum(x % 2 == 0 for x in t),
    [
        "count the even numbers in the list",
        "say how many numbers in the list are even",
        "find how many list items are divisible by two",
    ],
    num("the count"),
    metric="numeric",
)
train(
    "list_sort_asc",
    LF,
    L,
    lambda t: ", ".join(map(str, sorted(t))) if len(t) == 3 else None,
    [
        "sort the numbers from smallest to largest",
        "put the list in ascending order",
        "order the numbers increasingly",
    ],
    only("the sorted numbers separated by a comma and a space"),
)
train(
    "list_sort_desc",
    LF,
    L,
    lambda t: ", ".join(map(str, sorted(t, reverse=True))) if len(t) == 3 else None,
    [
        "sort the numbers from largest to smallest",
        "put the list in descending order",
        "order the numbers decreasingly",
    ],
    only("the sorted numbers separated by a comma and a space"),
)
train(
    "list_reverse",
    LF,
    L,
    lambda t: ", ".join(map(str, t[::-1])) if len(t) == 3 else None,
    [
        "reverse the order of the list",
        "write the list backwards, last number first",
        "give the numbers in the opposite order",
    ],
    only("the numbers separated by a comma and a space"),
)

# ---------------------------------------------------------------- lists of words
WL, WLF = "wlist", "word_list"
train(
    "wlist_first_alpha",
    WLF,
    WL,
    lambda t: min(t),
    [
        "give the word that comes first in alphabetical order",
        "find which word would appear first in a dictionary",
        "pick the alphabetically earliest word",
    ],
    only("that word"),
)
train(
    "wlist_last_alpha",
    WLF,
    WL,
    lambda t: max(t),
    [
        "give the word that comes last in alphabetical order",
        "find which word would appear last in a dictionary",
        "pick the alphabetically latest word",
    ],
    only("that word"),
)
train(
    "wlist_sort",
    WLF,
    WL,
    lambda t: ", ".join(sorted(t)) if len(t) <= 4 else None,
    ["sort the words alphabetically", "put the words in alphabetical order", "order the words from a to z"],
    only("the sorted words separated by a comma and a space"),
)
train(
    "wlist_count",
    WLF,
    WL,
    len,
    ["count the words in the list", "say how many words are listed", "give the number of items in the list"],
    num("the count"),
    metric="numeric",
)
train(
    "wlist_first",
    WLF,
    WL,
    lambda t: t[0],
    ["give the first word of the list", "pick the word listed first", "return the opening item of the list"],
    only("that word"),
)
train(
    "wlist_last",
    WLF,
    WL,
    lambda t: t[-1],
    ["give the last word of the list", "pick the word listed last", "return the final item of the list"],
    only("that word"),
)
train(
    "wlist_longest",
    WLF,
    WL,
    lambda t: unique_extreme(t, True),
    [
        "give the longest word in the list",
        "find the word with the most letters",
        "pick the longest item of the list",
    ],
    only("that word"),
)
train(
    "wlist_shortest",
    WLF,
    WL,
    lambda t: unique_extreme(t, False),
    [
        "give the shortest word in the list",
        "find the word with the fewest letters",
        "pick the shortest item of the list",
    ],
    only("that word"),
)


def _only_animal(words: Sequence[str]) -> str | None:
    animals = [w for w in words if NOUN_CATEGORY.get(w) == "animal"]
    return animals[0] if len(animals) == 1 else None


train(
    "wlist_animal",
    "lexicon_category",
    WL,
    _only_animal,
    [
        "find the animal in the list",
        "pick out the word that names an animal",
        "say which listed word is an animal",
    ],
    only("that word"),
)
train(
    "wlist_has_animal",
    "lexicon_category",
    WL,
    lambda t: "yes" if any(NOUN_CATEGORY.get(w) == "animal" for w in t) else "no",
    [
        "decide whether the list contains an animal",
        "check if any word in the list names an animal",
        "tell whether an animal is mentioned in the list",
    ],
    yn("at least one word is an animal"),
    labels=["yes", "no"],
)
train(
    "wlist_reverse",
    WLF,
    WL,
    lambda t: ", ".join(t[::-1]) if len(t) <= 4 else None,
    [
        "reverse the order of the words in the list",
        "write the list backwards, last word first",
        "give the words in the opposite order",
    ],
    only("the words separated by a comma and a space"),
)
train(
    "wlist_hyphenate",
    WLF,
    WL,
    lambda t: "-".join(t) if len(t) <= 4 else None,
    [
        "join the words with hyphens",
        "link the listed words together with dashes",
        "turn the list into one hyphen-separated string",
    ],
    only("the words joined by '-', with no spaces"),
)
train(
    "wlist_initials",
    WLF,
    WL,
    lambda t: "".join(w[0] for w in t),
    [
        "write the first letter of each word, in order",
        "join the initial letters of the words",
        "build a string from the first letter of every word in the list",
    ],
    only("the letters as one lowercase string"),
)

# ---------------------------------------------------------------- sentences
SE, SO = "sentence", "sentence_ops"


def _words(s: str) -> list[str]:
    return s.rstrip(".?!").split()


train(
    "sent_word_count",
    SO,
    SE,
    lambda s: len(_words(s)),
    [
        "count the words in the sentence",
        "say how many words the sentence has",
        "give the number of words in the sentence",
    ],
    num("the count"),
    metric="numeric",
)
train(
    "sent_first_word",
    SO,
    SE,
    lambda s: _words(s)[0],
    [
        "give the first word of the sentence",
        "pick the word the sentence starts with",
        "return the opening word of the sentence",
    ],
    only("that word, without punctuation"),
)
train(
    "sent_last_word",
    SO,
    SE,
    lambda s: _words(s)[-1],
    [
        "give the last word of the sentence",
        "pick the word the sentence ends with",
        "return the final word of the sentence",
    ],
    only("that word, without punctuation"),
)
train(
    "sent_acronym",
    SO,
    SE,
    lambda s: "".join(w[0] for w in _words(s)).upper(),
    [
        "make an acronym from the first letter of every word in the sentence",
        "join the initial letters of all the words into an acronym",
        "abbreviate the sentence to its word initials",
    ],
    only("the acronym in capital letters"),
)
train(
    "sent_longest_word",
    SO,
    SE,
    lambda s: unique_extreme([w.lower() for w in _words(s)], True),
    [
        "give the longest word in the sentence",
        "find the word with the most letters in the sentence",
        "pick the longest word of the sentence",
    ],
    only("that word in lowercase"),
)
train(
    "sent_question",
    SO,
    SE,
    lambda s: "question" if s.endswith("?") else "statement",
    [
        "decide whether the sentence is a question or a statement",
        "classify the sentence as a question or a statement",
        "tell whether the sentence asks something or states something",
    ],
    lab("question", "statement"),
    labels=["question", "statement"],
)

# ---------------------------------------------------------------- sentiment and topic (lexicons)
R, SN = "review", "sentiment"
_senti = [
    "classify the sentiment of the review",
    "decide whether the opinion is positive or negative",
    "judge whether the writer liked the thing or not",
]
train(
    "senti_pos_neg",
    SN,
    R,
    lambda t: t[1],
    _senti,
    lab("positive", "negative"),
    labels=["positive", "negative"],
)
train(
    "senti_good_bad",
    SN,
    R,
    lambda t: "good" if t[1] == "positive" else "bad",
    [
        "say whether the review is good or bad",
        "rate the opinion as good or bad",
        "decide if the comment is good or bad",
    ],
    [
        "Reply 'good' for a positive opinion and 'bad' for a negative one.",
        "Answer good if the writer is pleased, otherwise bad.",
        "Say only good or bad.",
    ],
    labels=["good", "bad"],
)
train(
    "senti_is_positive",
    SN,
    R,
    lambda t: "yes" if t[1] == "positive" else "no",
    [
        "decide whether the review is positive",
        "check if the writer liked the thing",
        "tell whether the opinion is favourable",
    ],
    yn("the review is positive"),
    labels=["yes", "no"],
)
train(
    "senti_is_negative",
    SN,
    R,
    lambda t: "yes" if t[1] == "negative" else "no",
    [
        "decide whether the review is negative",
        "check if the writer disliked the thing",
        "tell whether the opinion is unfavourable",
    ],
    yn("the review is negative"),
    labels=["yes", "no"],
)
train(
    "senti_digit",
    SN,
    R,
    lambda t: "1" if t[1] == "positive" else "0",
    [
        "score the sentiment of the review as a digit",
        "rate the opinion with 1 for positive and 0 for negative",
        "turn the review's sentiment into a binary digit",
    ],
    [
        "Reply '1' if the review is positive and '0' if it is negative.",
        "Answer 1 for positive, 0 for negative.",
        "Say only 1 (positive) or 0 (negative).",
    ],
    labels=["1", "0"],
)
train(
    "senti_emoji",
    SN,
    R,
    lambda t: ":)" if t[1] == "positive" else ":(",
    [
        "answer the review with a smiley that matches its mood",
        "react to the opinion with a happy or sad face",
        "show the review's sentiment as an emoticon",
    ],
    [
        "Reply ':)' if the review is positive and ':(' if it is negative.",
        "Answer with :) for a positive opinion or :( for a negative one.",
        "Output only :) or :(.",
    ],
    labels=[":)", ":("],
)
T_ = "topic"
train(
    "topic_label",
    T_,
    T_,
    lambda t: t[1],
    [
        "classify the topic of the sentence",
        "say what subject the sentence is about",
        "label the sentence with its topic",
    ],
    lab(*sorted(TOPICS)),
    labels=sorted(TOPICS),
)
train(
    "topic_is_sports",
    T_,
    T_,
    lambda t: "yes" if t[1] == "sports" else "no",
    [
        "decide whether the sentence is about sports",
        "check if the sentence talks about sport",
        "tell whether the subject of the sentence is sports",
    ],
    yn("it is about sports"),
    labels=["yes", "no"],
)
train(
    "topic_is_weather",
    T_,
    T_,
    lambda t: "yes" if t[1] == "weather" else "no",
    [
        "decide whether the sentence is about the weather",
        "check if the sentence talks about weather",
        "tell whether the subject of the sentence is the weather",
    ],
    yn("it is about the weather"),
    labels=["yes", "no"],
)

# ---------------------------------------------------------------- extraction from events, records and emails
EV, EX = "event", "extraction"
train(
    "event_person",
    EX,
    EV,
    lambda e: e["person"],
    [
        "extract the name of the person in the sentence",
        "say who bought or sold the items",
        "find the person's name",
    ],
    only("the name"),
)
train(
    "event_count",
    EX,
    EV,
    lambda e: e["count"],
    [
        "extract how many items were bought or sold",
        "say how many things the sentence mentions",
        "find the quantity in the sentence",
    ],
    num("the quantity"),
    metric="numeric",
)
train(
    "event_item",
    EX,
    EV,
    lambda e: e["item"],
    [
        "extract what kind of item was bought or sold",
        "say which goods the sentence mentions",
        "find the item in the sentence",
    ],
    only("the item exactly as written, in the plural"),
)
train(
    "event_city",
    EX,
    EV,
    lambda e: e["city"],
    [
        "extract the city from the sentence",
        "say where the purchase happened",
        "find the place named in the sentence",
    ],
    only("the city name"),
)
train(
    "event_day",
    EX,
    EV,
    lambda e: DAYS[e["day"]],
    [
        "extract the day of the week from the sentence",
        "say on which day it happened",
        "find the weekday in the sentence",
    ],
    only("the day name"),
)
train(
    "event_day_after",
    "calendar",
    EV,
    lambda e: DAYS[(e["day"] + 1) % 7],
    [
        "give the day of the week after the one in the sentence",
        "say which weekday follows the day mentioned",
        "find the day in the sentence and move one day forward",
    ],
    only("the day name"),
)
train(
    "event_day_before",
    "calendar",
    EV,
    lambda e: DAYS[(e["day"] - 1) % 7],
    [
        "give the day of the week before the one in the sentence",
        "say which weekday comes just before the day mentioned",
        "find the day in the sentence and move one day back",
    ],
    only("the day name"),
)
train(
    "event_weekend",
    "calendar",
    EV,
    lambda e: "yes" if e["day"] >= 5 else "no",
    [
        "decide whether it happened at the weekend",
        "check if the day in the sentence is Saturday or Sunday",
        "tell whether the day mentioned falls on a weekend",
    ],
    yn("the day is Saturday or Sunday"),
    labels=["yes", "no"],
)
train(
    "event_day_fr",
    "translation",
    EV,
    lambda e: DAYS_FR[e["day"]],
    [
        "give the day of the week from the sentence in French",
        "translate the weekday in the sentence into French",
        "say in French on which day it happened",
    ],
    only("the French day name in lowercase"),
)
train(
    "event_day_es",
    "translation",
    EV,
    lambda e: DAYS_ES[e["day"]],
    [
        "give the day of the week from the sentence in Spanish",
        "translate the weekday in the sentence into Spanish",
        "say in Spanish on which day it happened",
    ],
    only("the Spanish day name in lowercase"),
)
train(
    "event_day_abbr",
    "calendar",
    EV,
    lambda e: DAYS[e["day"]][:3],
    [
        "abbreviate the day of the week in the sentence",
        "give the three-letter short form of the weekday mentioned",
        "shorten the day in the sentence to three letters",
    ],
    only("the abbreviation, such as Mon"),
)
train(
    "event_count_words",
    EX,
    EV,
    lambda e: words_en(e["count"]),
    [
        "write the quantity from the sentence in words",
        "spell out how many items were bought or sold",
        "give the number in the sentence as an English word",
    ],
    only("the number word in lowercase"),
    comp="event_count+num_words_en",
)
train(
    "event_country",
    "geography",
    EV,
    lambda e: CAPITAL_TO_COUNTRY[e["city"]],
    [
        "name the country whose capital is the city in the sentence",
        "say in which country it happened",
        "find the city in the sentence and give its country",
    ],
    only("the country name"),
    comp="event_city+capital_country",
)
RC = "record"
train(
    "record_name",
    EX,
    RC,
    lambda r: r["name"],
    ["extract the person's name from the record", "read the name field", "give the value of the name field"],
    only("the name"),
)
train(
    "record_age",
    EX,
    RC,
    lambda r: r["age"],
    ["extract the person's age from the record", "read the age field", "give the value of the age field"],
    num("the age"),
    metric="numeric",
)
train(
    "record_city",
    EX,
    RC,
    lambda r: r["city"],
    ["extract the city from the record", "read the city field", "give the value of the city field"],
    only("the city"),
)
train(
    "record_job",
    EX,
    RC,
    lambda r: r["job"],
    ["extract the person's job from the record", "read the job field", "give the value of the job field"],
    only("the job"),
)
train(
    "record_age_next_year",
    AR,
    RC,
    lambda r: r["age"] + 1,
    [
        "give the person's age next year",
        "say how old the person will be in one year",
        "read the age field and add one",
    ],
    num("the age"),
    metric="numeric",
    comp="record_age+num_plus_one",
)
train(
    "record_is_adult",
    NP,
    RC,
    lambda r: "adult" if r["age"] >= 18 else "minor",
    [
        "decide whether the person is an adult",
        "classify the person as an adult or a minor by age",
        "tell whether the person is at least 18 years old",
    ],
    [
        "Reply 'adult' if the age is 18 or more and 'minor' otherwise.",
        "Answer adult for ages of 18 and over, minor below that.",
        "Say only adult or minor.",
    ],
    labels=["adult", "minor"],
)
EM = "email"
train(
    "email_user",
    EX,
    EM,
    lambda e: e["user"],
    [
        "extract the username of the email address",
        "give the part of the address before the @ sign",
        "find the local part of the email address",
    ],
    only("that part"),
)
train(
    "email_domain",
    EX,
    EM,
    lambda e: e["domain"],
    [
        "extract the domain of the email address",
        "give the part of the address after the @ sign",
        "find the mail domain of the address",
    ],
    only("the domain"),
)
train(
    "email_tld",
    EX,
    EM,
    lambda e: e["tld"],
    [
        "extract the top-level domain of the email address",
        "give the ending of the address after the last dot",
        "find the final dot-separated part of the address",
    ],
    only("those letters, without the dot"),
)
train(
    "email_first_name",
    EX,
    EM,
    lambda e: e["first"].capitalize(),
    [
        "extract the person's first name from the email address",
        "give the first name at the start of the address",
        "find the given name in the email address",
    ],
    only("the first name with a capital initial"),
)
train(
    "email_is_com",
    EX,
    EM,
    lambda e: "yes" if e["tld"] == "com" else "no",
    [
        "decide whether the email address ends in .com",
        "check if the address is a .com address",
        "tell whether the domain of the address ends with .com",
    ],
    yn("it ends in .com"),
    labels=["yes", "no"],
)

# ---------------------------------------------------------------- names and greetings (style)
FN, NM = "fullname", "name_format"
train(
    "name_first",
    NM,
    FN,
    lambda t: t[0],
    ["give the first name only", "drop the surname and keep the first name", "extract the given name"],
    only("the first name"),
)
train(
    "name_last",
    NM,
    FN,
    lambda t: t[1],
    ["give the surname only", "drop the first name and keep the family name", "extract the last name"],
    only("the surname"),
)
train(
    "name_initials",
    NM,
    FN,
    lambda t: f"{t[0][0]}.{t[1][0]}.",
    ["give the person's initials", "abbreviate the name to its initials", "turn the name into initials"],
    only("the initials with a full stop after each, such as A.S."),
)
train(
    "name_last_first",
    NM,
    FN,
    lambda t: f"{t[1]}, {t[0]}",
    [
        "rewrite the name as surname, comma, first name",
        "put the family name first, followed by a comma and the first name",
        "reorder the name into 'Last, First' form",
    ],
    only("the reordered name, such as Smith, Anna"),
)
train(
    "name_surname_upper",
    NM,
    FN,
    lambda t: t[1].upper(),
    [
        "give the surname in capital letters",
        "write the family name in uppercase",
        "extract the last name and capitalize all of it",
    ],
    only("the uppercase surname"),
    metric="exact_match_cased",
    comp="name_last+word_upper",
)
GR, G = "firstname", "greeting_style"
for _tid, _tmpl, _instr in [
    (
        "greet_hello",
        "Hello, {}!",
        [
            "greet the person in English",
            "say hello to the person",
            "write a friendly hello to the named person",
        ],
    ),
    (
        "greet_hi",
        "Hi {}!",
        ["greet the person casually", "say hi to the person", "write an informal greeting for the person"],
    ),
    (
        "greet_good_morning",
        "Good morning, {}.",
        [
            "wish the person a good morning",
            "greet the person for the morning",
            "say good morning to the person",
        ],
    ),
    (
        "greet_goodbye",
        "Goodbye, {}.",
        ["say goodbye to the person", "bid the person farewell", "write a farewell to the person"],
    ),
    (
        "greet_welcome",
        "Welcome, {}!",
        ["welcome the person", "greet the person as a new arrival", "write a welcome for the person"],
    ),
    (
        "greet_thanks",
        "Thank you, {}!",
        ["thank the person", "write a short thank-you to the person", "express thanks to the person"],
    ),
    (
        "greet_birthday",
        "Happy birthday, {}!",
        [
            "wish the person a happy birthday",
            "write a birthday greeting for the person",
            "congratulate the person on their birthday",
        ],
    ),
    (
        "greet_bonjour",
        "Bonjour, {}!",
        [
            "greet the person in French",
            "say hello to the person in French",
            "write a French greeting for the person",
        ],
    ),
    (
        "greet_hola",
        "Hola, {}!",
        [
            "greet the person in Spanish",
            "say hello to the person in Spanish",
            "write a Spanish greeting for the person",
        ],
    ),
    (
        "greet_hallo",
        "Hallo, {}!",
        [
            "greet the person in German",
            "say hello to the person in German",
            "write a German greeting for the person",
        ],
    ),
    (
        "greet_dear",
        "Dear {},",
        [
            "open a letter to the person",
            "write the salutation of a letter to the person",
            "start a formal letter addressed to the person",
        ],
    ),
]:
    train(
        _tid,
        G,
        GR,
        _tmpl.format,
        _instr,
        exactly(f"'{_tmpl.format('NAME')}' with the given name in place of NAME"),
    )

# ---------------------------------------------------------------- dates and times
DA, CA = "date", "calendar"
train(
    "date_year",
    DA,
    DA,
    lambda d: d.year,
    ["extract the year from the date", "give the year of the date", "say which year the date falls in"],
    num("the year"),
    metric="numeric",
)
train(
    "date_month_number",
    DA,
    DA,
    lambda d: d.month,
    [
        "extract the month number from the date",
        "give the month of the date as a number",
        "say which month the date is in, as a number from 1 to 12",
    ],
    num("the month number, without a leading zero"),
    metric="numeric",
)
train(
    "date_day",
    DA,
    DA,
    lambda d: d.day,
    [
        "extract the day of the month from the date",
        "give the day number of the date",
        "say which day of the month the date is",
    ],
    num("the day, without a leading zero"),
    metric="numeric",
)
train(
    "date_month_name",
    DA,
    DA,
    lambda d: MONTHS[d.month - 1],
    [
        "give the name of the month of the date",
        "say in which month the date falls",
        "name the date's month in English",
    ],
    only("the month name"),
)
train(
    "date_month_abbr",
    DA,
    DA,
    lambda d: MONTHS[d.month - 1][:3],
    [
        "give the three-letter abbreviation of the date's month",
        "shorten the month of the date to three letters",
        "abbreviate the month of the date",
    ],
    only("the abbreviation, such as Mar"),
)
train(
    "date_month_fr",
    "translation",
    DA,
    lambda d: MONTHS_FR[d.month - 1],
    [
        "give the month of the date in French",
        "name the date's month in French",
        "translate the month of the date into French",
    ],
    only("the French month name in lowercase"),
)
train(
    "date_month_es",
    "translation",
    DA,
    lambda d: MONTHS_ES[d.month - 1],
    [
        "give the month of the date in Spanish",
        "name the date's month in Spanish",
        "translate the month of the date into Spanish",
    ],
    only("the Spanish month name in lowercase"),
)
train(
    "date_next_month",
    CA,
    DA,
    lambda d: MONTHS[d.month % 12],
    [
        "give the name of the month after the date's month",
        "say which month follows the month of the date",
        "name the next month after the one in the date",
    ],
    only("the month name"),
)
train(
    "date_prev_month",
    CA,
    DA,
    lambda d: MONTHS[d.month - 2],
    [
        "give the name of the month before the date's month",
        "say which month comes just before the month of the date",
        "name the previous month",
    ],
    only("the month name"),
)
train(
    "date_season",
    CA,
    DA,
    lambda d: season(d.month),
    [
        "give the season of the date in the northern hemisphere",
        "say which season the date falls in, north of the equator",
        "name the northern-hemisphere season of the date",
    ],
    [
        "Reply with only 'winter' (December to February), 'spring' (March to May), 'summer' (June to August) "
        "or 'autumn' (September to November).",
        "Use meteorological seasons (winter is December to February, spring March to May, and so on) "
        "and answer "
        "with one word: winter, spring, summer or autumn.",
        "Answer winter for Dec-Feb, spring for Mar-May, summer for Jun-Aug and autumn for Sep-Nov, "
        "and nothing else.",
    ],
    labels=["winter", "spring", "summer", "autumn"],
)
train(
    "date_quarter",
    CA,
    DA,
    lambda d: f"Q{(d.month - 1) // 3 + 1}",
    [
        "give the quarter of the year the date is in",
        "say which calendar quarter the date falls in",
        "name the date's quarter of the year",
    ],
    lab("Q1", "Q2", "Q3", "Q4"),
    labels=["Q1", "Q2", "Q3", "Q4"],
)
train(
    "date_first_half",
    CA,
    DA,
    lambda d: "yes" if d.month <= 6 else "no",
    [
        "decide whether the date is in the first half of the year",
        "check if the date falls between January and June",
        "tell whether the date comes before July",
    ],
    yn("the month is January to June"),
    labels=["yes", "no"],
)
train(
    "date_days_in_month",
    CA,
    DA,
    lambda d: calendar.monthrange(d.year, d.month)[1],
    [
        "give the number of days in the date's month",
        "say how many days the month of the date has",
        "count the days in that month of that year",
    ],
    num("the number of days"),
    metric="numeric",
)
train(
    "date_decade",
    CA,
    DA,
    lambda d: f"{d.year // 10 * 10}s",
    ["give the decade of the date", "say which decade the date belongs to", "name the date's decade"],
    only("the decade, such as 1990s"),
)
train(
    "date_dmy",
    "date_format",
    DA,
    lambda d: d.strftime("%d/%m/%Y"),
    [
        "rewrite the date as day/month/year",
        "convert the date to DD/MM/YYYY format",
        "put the date in European slash format",
    ],
    only("the date as DD/MM/YYYY, with leading zeros"),
)
train(
    "date_mdy",
    "date_format",
    DA,
    lambda d: d.strftime("%m/%d/%Y"),
    [
        "rewrite the date as month/day/year",
        "convert the date to MM/DD/YYYY format",
        "put the date in American slash format",
    ],
    only("the date as MM/DD/YYYY, with leading zeros"),
)
train(
    "date_long",
    "date_format",
    DA,
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    [
        "write the date out with the month name",
        "convert the date to day, month name and year",
        "spell out the month of the date in words",
    ],
    only("the date in the form 14 March 2021"),
)
LD = "longdate"
train(
    "ldate_iso",
    "date_format",
    LD,
    lambda d: d.isoformat(),
    [
        "convert the date to ISO format",
        "rewrite the date as year-month-day with digits",
        "turn the written date into YYYY-MM-DD",
    ],
    only("the date as YYYY-MM-DD"),
)
train(
    "ldate_us",
    "date_format",
    LD,
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    [
        "rewrite the date in American style with the month first",
        "put the month name before the day",
        "convert the date to the form 'March 14, 2021'",
    ],
    only("the date as Month day, year"),
)
train(
    "ldate_month_number",
    DA,
    LD,
    lambda d: d.month,
    [
        "give the month of the written date as a number",
        "convert the month name in the date to its number",
        "say which month number the date is in",
    ],
    num("the month number, from 1 to 12"),
    metric="numeric",
)
TI, TM = "time", "time"
train(
    "time_12h",
    TM,
    TI,
    lambda t: twelve_hour(*t),
    [
        "convert the time to 12-hour format with AM or PM",
        "rewrite the 24-hour time on a 12-hour clock",
        "give the time as you would say it with AM or PM",
    ],
    only("the time like 2:35 PM, without a leading zero on the hour"),
)
train(
    "time_am_pm",
    TM,
    TI,
    lambda t: "AM" if t[0] < 12 else "PM",
    [
        "decide whether the time is AM or PM",
        "say if the time is before or after noon",
        "classify the time as morning (AM) or afternoon/evening (PM)",
    ],
    lab("AM", "PM"),
    labels=["AM", "PM"],
)
train(
    "time_hour",
    TM,
    TI,
    lambda t: t[0],
    ["extract the hour from the time", "give the hour part of the time", "say which hour the time is in"],
    num("the hour, from 0 to 23"),
    metric="numeric",
)
train(
    "time_minute",
    TM,
    TI,
    lambda t: t[1],
    [
        "extract the minutes from the time",
        "give the minute part of the time",
        "say how many minutes past the hour it is",
    ],
    num("the minutes, from 0 to 59"),
    metric="numeric",
)
train(
    "time_part_of_day",
    TM,
    TI,
    lambda t: part_of_day(t[0]),
    [
        "say which part of the day the time is in",
        "classify the time as morning, afternoon, evening or night",
        "name the part of the day for the time",
    ],
    [
        "Reply with one word: morning (05:00-11:59), afternoon (12:00-16:59), evening (17:00-20:59) "
        "or night.",
        "Answer morning from 5 to 11, afternoon from 12 to 16, evening from 17 to 20 and night otherwise "
        "(by the hour).",
        "Say only morning (hours 5-11), afternoon (12-16), evening (17-20) or night (21-4).",
    ],
    labels=["morning", "afternoon", "evening", "night"],
)
train(
    "time_plus_hour",
    TM,
    TI,
    lambda t: f"{(t[0] + 1) % 24:02d}:{t[1]:02d}",
    ["add one hour to the time", "give the time one hour later", "move the clock forward by an hour"],
    only("the new time in 24-hour HH:MM format"),
)
train(
    "time_minutes_since_midnight",
    TM,
    TI,
    lambda t: 60 * t[0] + t[1],
    [
        "give the number of minutes since midnight",
        "convert the time to minutes after 00:00",
        "count how many minutes have passed since midnight",
    ],
    num("the minutes"),
    metric="numeric",
)
train(
    "time_on_the_hour",
    TM,
    TI,
    lambda t: "yes" if t[1] == 0 else "no",
    [
        "decide whether the time is exactly on the hour",
        "check if the minutes of the time are zero",
        "tell whether the time is a full hour such as 14:00",
    ],
    yn("the minutes are 00"),
    labels=["yes", "no"],
)

# ---------------------------------------------------------------- unit conversion
U = "unit_conversion"
for _tid, _dom, _factor, _instr, _unit in [
    (
        "km_to_m",
        "km",
        1000,
        [
            "convert the distance from kilometres to metres",
            "say how many metres the distance is",
            "express the length in metres",
        ],
        "metres",
    ),
    (
        "m_to_cm",
        "m",
        100,
        [
            "convert the length from metres to centimetres",
            "say how many centimetres the length is",
            "express the length in centimetres",
        ],
        "centimetres",
    ),
    (
        "kg_to_g",
        "kg",
        1000,
        [
            "convert the mass from kilograms to grams",
            "say how many grams the weight is",
            "express the weight in grams",
        ],
        "grams",
    ),
    (
        "hours_to_minutes",
        "hours",
        60,
        [
            "convert the hours to minutes",
            "say how many minutes that many hours last",
            "express the duration in minutes",
        ],
        "minutes",
    ),
    (
        "minutes_to_seconds",
        "mins",
        60,
        [
            "convert the minutes to seconds",
            "say how many seconds that many minutes last",
            "express the duration in seconds",
        ],
        "seconds",
    ),
    (
        "litres_to_ml",
        "litres",
        1000,
        [
            "convert the volume from litres to millilitres",
            "say how many millilitres the volume is",
            "express the amount in millilitres",
        ],
        "millilitres",
    ),
    (
        "cm_to_mm",
        "cm",
        10,
        [
            "convert the length from centimetres to millimetres",
            "say how many millimetres the length is",
            "express the length in millimetres",
        ],
        "millimetres",
    ),
]:
    train(
        _tid,
        U,
        _dom,
        lambda x, f=_factor: fmt_num(x * f),
        _instr,
        num(f"the number of {_unit}"),
        metric="numeric",
    )
train(
    "km_to_m_with_unit",
    U,
    "km",
    lambda x: f"{fmt_num(x * 1000)} m",
    [
        "convert the distance to metres and keep the unit",
        "rewrite the distance in metres, unit included",
        "express the kilometres as metres followed by the symbol m",
    ],
    only("the number, a space and m, such as 2500 m"),
)
train(
    "kg_to_g_with_unit",
    U,
    "kg",
    lambda x: f"{fmt_num(x * 1000)} g",
    [
        "convert the mass to grams and keep the unit",
        "rewrite the weight in grams, unit included",
        "express the kilograms as grams followed by the symbol g",
    ],
    only("the number, a space and g, such as 1500 g"),
)
train(
    "c_to_f",
    U,
    "celsius",
    lambda c: round_half_up(c * 9 / 5 + 32),
    [
        "convert the temperature from Celsius to Fahrenheit",
        "give the temperature in degrees Fahrenheit",
        "express the Celsius reading in Fahrenheit",
    ],
    num("the Fahrenheit value, rounded to a whole number"),
    metric="numeric",
)
train(
    "f_to_c",
    U,
    "fahrenheit",
    lambda f: round_half_up((f - 32) * 5 / 9),
    [
        "convert the temperature from Fahrenheit to Celsius",
        "give the temperature in degrees Celsius",
        "express the Fahrenheit reading in Celsius",
    ],
    num("the Celsius value, rounded to a whole number"),
    metric="numeric",
)
train(
    "c_is_warm",
    NP,
    "celsius",
    lambda c: "yes" if c > 20 else "no",
    [
        "decide whether the temperature is above 20 °C",
        "check if it is warmer than 20 degrees Celsius",
        "tell whether the temperature exceeds twenty degrees",
    ],
    yn("it is above 20 °C"),
    labels=["yes", "no"],
)
train(
    "c_freezing",
    NP,
    "celsius",
    lambda c: "freezing" if c <= 0 else "not freezing",
    [
        "decide whether the temperature is at or below freezing",
        "check if water would freeze at this temperature",
        "tell whether the temperature is 0 °C or lower",
    ],
    [
        "Reply 'freezing' if it is 0 °C or colder and 'not freezing' otherwise.",
        "Answer freezing (0 °C or below) or not freezing (above 0 °C).",
        "Say only freezing or not freezing.",
    ],
    labels=["freezing", "not freezing"],
)

# ---------------------------------------------------------------- geography
GE = "geography"
train(
    "country_capital",
    GE,
    "country",
    lambda c: COUNTRIES[c][0],
    [
        "give the capital city of the country",
        "name the country's capital",
        "say which city is the capital of the country",
    ],
    only("the capital city"),
)
train(
    "country_continent",
    GE,
    "country",
    lambda c: COUNTRIES[c][1],
    [
        "give the continent the country is in",
        "name the country's continent",
        "say on which continent the country lies",
    ],
    lab(*CONTINENTS),
    labels=CONTINENTS,
    balance=False,
)
train(
    "country_in_europe",
    GE,
    "country",
    lambda c: "yes" if COUNTRIES[c][1] == "Europe" else "no",
    [
        "decide whether the country is in Europe",
        "check if the country is a European country",
        "tell whether the country lies in Europe",
    ],
    yn("the country is in Europe"),
    labels=["yes", "no"],
)
train(
    "capital_country",
    GE,
    "capital",
    CAPITAL_TO_COUNTRY.get,
    [
        "give the country whose capital is the city",
        "name the country this city is the capital of",
        "say which country has this city as its capital",
    ],
    only("the country name"),
)

# =====================================================================================================
# Held-out tasks: never trained on. New families (a task type absent from training) and new
# compositions (skills trained separately, never together; ``composition`` names the train tasks).
# =====================================================================================================

heldout(
    "palindrome",
    "palindrome",
    "candidate",
    lambda w: "yes" if w == w[::-1] else "no",
    [
        "decide whether the string reads the same forwards and backwards",
        "check if the string is a palindrome",
        "tell whether reversing the string leaves it unchanged",
    ],
    yn("it is a palindrome"),
    labels=["yes", "no"],
)
heldout(
    "anagram",
    "anagram",
    "wordpair",
    lambda t: "yes" if sorted(t[0]) == sorted(t[1]) and t[0] != t[1] else "no",
    [
        "decide whether the two words are anagrams of each other",
        "check if one word uses exactly the letters of the other",
        "tell whether the second word is a rearrangement of the first",
    ],
    yn("they are anagrams"),
    labels=["yes", "no"],
)
heldout(
    "antonym",
    "antonym",
    "antonym",
    ANTONYMS.get,
    ["give the opposite of the word", "name the antonym of the word", "say which word means the reverse"],
    only("the opposite word"),
)
heldout(
    "element_symbol",
    "chemistry",
    "element",
    ELEMENTS.get,
    [
        "give the chemical symbol of the element",
        "write the periodic-table symbol for the element",
        "name the element's symbol",
    ],
    only("the symbol, such as Fe"),
)
heldout(
    "date_days_between",
    "date_arithmetic",
    "daterange",
    lambda t: t[1],
    [
        "count the days from the first date to the second",
        "say how many days separate the two dates",
        "compute the number of days between the two dates",
    ],
    num("the number of days"),
    metric="numeric",
)
heldout(
    "fraction_percent",
    "fraction_percent",
    "fraction",
    lambda t: f"{t[0] * 100 // t[1]}%",
    [
        "convert the fraction to a percentage",
        "express the fraction as a percent",
        "give the fraction as a percentage",
    ],
    only("the percentage with a % sign, such as 75%"),
    metric="numeric",
)
heldout(
    "hex_to_decimal",
    "hex_decoding",
    "hex",
    lambda n: n,
    [
        "convert the hexadecimal number to decimal",
        "give the base-10 value of the hex number",
        "translate the hex value into an ordinary decimal number",
    ],
    num("the decimal value"),
    metric="numeric",
)
heldout(
    "word_alternating_case",
    "case_pattern",
    W,
    lambda w: "".join(c.upper() if i % 2 == 0 else c for i, c in enumerate(w)),
    [
        "alternate the case of the word's letters, starting with a capital",
        "write the word in alternating upper and lower case",
        "capitalize every other letter of the word, beginning with the first",
    ],
    only("the changed word, such as CaT"),
    metric="exact_match_cased",
)
heldout(
    "minutes_to_hours",
    "duration_format",
    "minutes",
    lambda n: f"{n // 60}:{n % 60:02d}",
    [
        "convert the minutes into hours and minutes",
        "express the duration as hours:minutes",
        "split the minutes into whole hours and leftover minutes",
    ],
    only("H:MM, such as 2:15 for 135 minutes"),
)
heldout(
    "leap_year",
    "calendar_rule",
    "year",
    lambda y: "yes" if calendar.isleap(y) else "no",
    [
        "decide whether the year is a leap year",
        "check if the year has a 29th of February",
        "tell whether the year has 366 days",
    ],
    yn("it is a leap year"),
    labels=["yes", "no"],
)

heldout(
    "word_reverse_upper",
    S_T,
    W,
    lambda w: w[::-1].upper(),
    [
        "reverse the word and write it in capital letters",
        "spell the word backwards in uppercase",
        "turn the word around and make every letter uppercase",
    ],
    only("the reversed uppercase word"),
    metric="exact_match_cased",
    comp="word_reverse+word_upper",
)
heldout(
    "word_brackets_upper",
    S_W,
    W,
    lambda w: f"[{w.upper()}]",
    [
        "write the word in uppercase inside square brackets",
        "capitalize all the letters of the word and wrap it in [ ]",
        "put the word, in capitals, between square brackets",
    ],
    only("the result, such as [CAT]"),
    metric="exact_match_cased",
    comp="word_brackets+word_upper",
)
heldout(
    "word_sort_letters_desc",
    S_T,
    W,
    lambda w: "".join(sorted(w, reverse=True)),
    [
        "sort the letters of the word in reverse alphabetical order",
        "arrange the word's letters from z to a",
        "order the letters of the word backwards through the alphabet",
    ],
    only("the sorted letters as one string"),
    comp="word_sort_letters+word_reverse",
)
heldout(
    "word_length_is_even",
    S_P,
    W,
    lambda w: "yes" if len(w) % 2 == 0 else "no",
    [
        "decide whether the word has an even number of letters",
        "check if the letter count of the word is even",
        "tell whether the word's length is divisible by two",
    ],
    yn("the number of letters is even"),
    labels=["yes", "no"],
    comp="word_length+num_is_even",
)
heldout(
    "noun_plural_upper",
    "noun_grammar",
    "noun",
    lambda n: plural(n).upper(),
    [
        "give the plural of the noun in capital letters",
        "write the noun in the plural and in uppercase",
        "pluralize the noun and capitalize every letter",
    ],
    only("the uppercase plural"),
    metric="exact_match_cased",
    comp="noun_plural+word_upper",
    pool=PLURAL_POOL,
)
heldout(
    "country_capital_upper",
    GE,
    "country",
    lambda c: COUNTRIES[c][0].upper(),
    [
        "give the country's capital city in uppercase",
        "name the capital of the country in capital letters",
        "write the country's capital with every letter capitalized",
    ],
    only("the capital in uppercase"),
    metric="exact_match_cased",
    comp="country_capital+word_upper",
)
heldout(
    "country_capital_initial",
    GE,
    "country",
    lambda c: COUNTRIES[c][0][0],
    [
        "give the first letter of the country's capital city",
        "say which letter the capital of the country starts with",
        "name the initial of the country's capital",
    ],
    only("that single letter"),
    comp="country_capital+word_first_letter",
)
heldout(
    "pair_sum_parity",
    NP,
    P,
    lambda t: "even" if (t[0] + t[1]) % 2 == 0 else "odd",
    [
        "decide whether the sum of the two numbers is even or odd",
        "add the two numbers and give the parity of the total",
        "classify the total of the two numbers as even or odd",
    ],
    lab("even", "odd"),
    labels=["even", "odd"],
    comp="pair_sum+num_parity",
)
heldout(
    "pair_sum_words",
    NF,
    P,
    lambda t: words_en(t[0] + t[1]) if t[0] + t[1] < 100 else None,
    [
        "add the two numbers and write the sum in English words",
        "give the total of the two numbers spelled out",
        "spell out the sum of the two numbers",
    ],
    only("the words in lowercase, hyphenated as in forty-two"),
    comp="pair_sum+num_words_en",
)
heldout(
    "num_words_es",
    "translation",
    N,
    lambda n: words_es(n) if n < 100 else None,
    [
        "write the number out in Spanish words",
        "spell the number in Spanish",
        "give the Spanish name of the number",
    ],
    only("the Spanish words in lowercase, as in cuarenta y dos"),
    comp="num_words_en+noun_es",
)
heldout(
    "cp_colour_de",
    "translation",
    C,
    lambda t: COLOURS[t[1]][2],
    [
        "give the German word for the colour in the phrase",
        "translate the colour mentioned in the phrase into German",
        "say the phrase's colour in German",
    ],
    only("the German colour word in its basic form"),
    comp="cp_colour_fr+noun_de",
)
heldout(
    "senti_fr_labels",
    SN,
    R,
    lambda t: "positif" if t[1] == "positive" else "négatif",
    [
        "classify the sentiment of the review, answering in French",
        "give the review's sentiment as a French word",
        "judge in French whether the opinion is positive or negative",
    ],
    lab("positif", "négatif"),
    labels=["positif", "négatif"],
    comp="senti_pos_neg+num_parity_oui_non",
)
heldout(
    "date_next_month_fr",
    "translation",
    DA,
    lambda d: MONTHS_FR[d.month % 12],
    [
        "give the month after the date's month, in French",
        "name in French the month that follows the date's month",
        "say in French which month comes next after the date",
    ],
    only("the French month name in lowercase"),
    comp="date_next_month+date_month_fr",
)
heldout(
    "event_day_after_es",
    "translation",
    EV,
    lambda e: DAYS_ES[(e["day"] + 1) % 7],
    [
        "give in Spanish the day after the weekday in the sentence",
        "say in Spanish which day follows the day mentioned",
        "find the day in the sentence, move one day forward and name it in Spanish",
    ],
    only("the Spanish day name in lowercase"),
    comp="event_day_after+event_day_es",
)
heldout(
    "event_greet_person",
    G,
    EV,
    lambda e: f"Hello, {e['person']}!",
    [
        "greet the person mentioned in the sentence",
        "say hello to whoever bought or sold the items",
        "write a hello to the person named in the sentence",
    ],
    exactly("'Hello, NAME!' with the person's name in place of NAME"),
    comp="event_person+greet_hello",
)
heldout(
    "record_age_in_ten_years",
    AR,
    RC,
    lambda r: r["age"] + 10,
    [
        "give the person's age ten years from now",
        "say how old the person will be in a decade",
        "read the age field and add ten",
    ],
    num("the age"),
    metric="numeric",
    comp="record_age+num_add_ten",
)
heldout(
    "email_user_upper",
    EX,
    EM,
    lambda e: e["user"].upper(),
    [
        "give the part of the email address before the @ in capital letters",
        "write the username of the address in uppercase",
        "extract the local part of the address and capitalize it fully",
    ],
    only("the uppercase username"),
    metric="exact_match_cased",
    comp="email_user+word_upper",
)
heldout(
    "time_plus_hour_12h",
    TM,
    TI,
    lambda t: twelve_hour((t[0] + 1) % 24, t[1]),
    [
        "give the time one hour later on a 12-hour clock",
        "add an hour to the time and write it with AM or PM",
        "move the clock forward one hour and convert to 12-hour format",
    ],
    only("the time like 2:35 PM, without a leading zero on the hour"),
    comp="time_plus_hour+time_12h",
)
heldout(
    "list_max_double",
    LF,
    L,
    lambda t: 2 * max(t),
    [
        "double the largest number in the list",
        "give twice the maximum of the list",
        "find the biggest number in the list and multiply it by two",
    ],
    num("the result"),
    metric="numeric",
    comp="list_max+num_double",
)

# =====================================================================================================
# Generation
# =====================================================================================================


def _rng(*parts: str) -> random.Random:
    return random.Random(":".join((SEED, *parts)))


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def descriptions(task: Task) -> list[str]:
    """``N_DESCRIPTIONS`` distinct paraphrases: frames x instruction phrasings x format sentences."""
    rng = _rng("descriptions", task.task_id)
    frames = rng.sample(FRAMES, len(FRAMES))
    out: list[str] = []
    for i in range(len(FRAMES) * len(task.instr) * len(task.fmt)):
        instr = task.instr[i % len(task.instr)]
        fmt = task.fmt[(i // len(task.instr) + i) % len(task.fmt)]
        text = frames[i % len(frames)].format(
            Instr=_cap(instr), instr=instr, fmt=fmt, inp=rng.choice(task.domain.inputs)
        )
        if text not in out:
            out.append(text)
        if len(out) == N_DESCRIPTIONS:
            return out
    raise AssertionError(f"{task.task_id}: only {len(out)} distinct descriptions")


def _gold(task: Task, item: Any) -> str | None:
    value = task.answer(item)
    return None if value is None else str(value)


def examples(task: Task) -> list[tuple[str, str]]:
    """Unique-prompt examples; label tasks get (as far as the inputs allow) equally many of each label."""
    n = N_TRAIN_EXAMPLES if task.split == "train" else N_HELDOUT_EXAMPLES
    rng = _rng("examples", task.task_id)
    render = task.domain.render
    pool = task.pool if task.pool is not None else task.domain.pool
    candidates: dict[str, str] = {}
    if pool is not None:
        items = list(pool)
        rng.shuffle(items)
    else:
        assert task.domain.sample is not None
        items = (task.domain.sample(rng) for _ in range(100 * n))  # type: ignore[assignment]
    for item in items:
        prompt, gold = render(item), _gold(task, item)
        if gold is not None and prompt not in candidates:
            candidates[prompt] = gold
            if not task.balance and len(candidates) == n:
                break
    pairs = list(candidates.items())
    if task.balance:
        by_label: dict[str, list[tuple[str, str]]] = {}
        for prompt, gold in pairs:
            by_label.setdefault(gold, []).append((prompt, gold))
        buckets = [by_label[key] for key in sorted(by_label)]
        pairs = []
        while len(pairs) < n and any(buckets):
            for bucket in buckets:
                if bucket and len(pairs) < n:
                    pairs.append(bucket.pop(0))
        rng.shuffle(pairs)
    pairs = pairs[:n]
    if len(pairs) < MIN_EXAMPLES:
        raise AssertionError(f"{task.task_id}: only {len(pairs)} distinct examples")
    return pairs


def task_record(task: Task) -> dict[str, Any]:
    return {
        "task_id": task.task_id,
        "family": task.family,
        "descriptions": descriptions(task),
        "metric": task.metric,
        "labels": task.labels,
        "composition": task.composition,
    }


def _check(tasks: list[Task], records: dict[str, dict[str, Any]]) -> None:
    ids = [t.task_id for t in tasks]
    assert len(ids) == len(set(ids)), "duplicate task ids"
    seen: dict[str, str] = {}
    for rec in records.values():
        for d in rec["descriptions"]:
            assert d not in seen, f"description shared by {seen.get(d)} and {rec['task_id']}: {d!r}"
            seen[d] = rec["task_id"]
    train_ids = {t.task_id for t in tasks if t.split == "train"}
    for t in tasks:
        if t.composition:
            missing = [p for p in t.composition.split("+") if p not in train_ids]
            assert not missing, f"{t.task_id}: composition names unknown train tasks {missing}"


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def build(out: Path) -> dict[str, Any]:
    """Write the suite into ``out`` and return summary statistics."""
    records = {t.task_id: task_record(t) for t in TASKS}
    _check(TASKS, records)
    stats: dict[str, Any] = {}
    for split in ("train", "heldout"):
        tasks = [t for t in TASKS if t.split == split]
        rows = [{"task_id": t.task_id, "prompt": p, "response": r} for t in tasks for p, r in examples(t)]
        _write_jsonl(out / "tasks" / f"{split}.jsonl", [records[t.task_id] for t in tasks])
        _write_jsonl(out / "examples" / f"{split}.jsonl", rows)
        stats[split] = {
            "tasks": len(tasks),
            "examples": len(rows),
            "descriptions": sum(len(records[t.task_id]["descriptions"]) for t in tasks),
        }
    (out / "README.md").write_text(card(stats), encoding="utf-8", newline="\n")
    return stats


def card(stats: dict[str, Any]) -> str:
    """The dataset card (Hub layout: ``configs`` name the files of each split)."""
    train_families = Counter(t.family for t in TASKS if t.split == "train")
    held_families = Counter(t.family for t in TASKS if t.split == "heldout")
    rows = "\n".join(
        f"| {f} | {train_families.get(f, 0)} | {held_families.get(f, 0)} |"
        for f in sorted({*train_families, *held_families})
    )
    held = "\n".join(
        f"| `{t.task_id}` | {t.family} | "
        + (f"new composition: `{t.composition}`" if t.composition else "new family")
        + f" | {t.metric} |"
        for t in TASKS
        if t.split == "heldout"
    )
    tr, ho = stats["train"], stats["heldout"]
    return f"""---
license: apache-2.0
language:
- en
- fr
- es
- de
pretty_name: hf_t2l task suite v1
size_categories:
- 10K<n<100K
task_categories:
- text-generation
tags:
- text-to-lora
- hypernetwork
- synthetic
configs:
- config_name: tasks
  data_files:
  - split: train
    path: tasks/train.jsonl
  - split: heldout
    path: tasks/heldout.jsonl
- config_name: examples
  data_files:
  - split: train
    path: examples/train.jsonl
  - split: heldout
    path: examples/heldout.jsonl
---

# {NAME}: a small task suite for training Text-to-LoRA hypernetworks

Short, automatically scored tasks for training and evaluating a Text-to-LoRA (T2L) hypernetwork on
a small chat model. Each task has {N_DESCRIPTIONS} paraphrased natural-language descriptions (the
hypernetwork's input) and input/response examples (the base model's data). Prompts hold the task
input only; the description is what says what to do with it, and the same input format is shared
by many tasks with different answers.

Generated by `tasks/build.py` in the hf_t2l repository (deterministic: `python tasks/build.py`
rewrites these files byte for byte).

| split | tasks | descriptions | examples |
|---|---|---|---|
| train | {tr["tasks"]} | {tr["descriptions"]} | {tr["examples"]} |
| heldout | {ho["tasks"]} | {ho["descriptions"]} | {ho["examples"]} |

Train tasks have up to {N_TRAIN_EXAMPLES} examples each (at least {MIN_EXAMPLES}, fewer only where the
inputs run out, as for the {len(COUNTRIES)} countries); held-out tasks up to {N_HELDOUT_EXAMPLES}.

## Loading

```python
from datasets import load_dataset

tasks = load_dataset("path/to/{NAME}", "tasks", split="train")         # or split="heldout"
examples = load_dataset("path/to/{NAME}", "examples", split="train")
```

## Schema

`tasks/{{train,heldout}}.jsonl`, one task per line:

- `task_id` (str): unique across both splits.
- `family` (str): the kind of task; held-out tasks of a family absent from train are new families.
- `descriptions` (list of str): {N_DESCRIPTIONS} paraphrases, each naming the exact output format.
  No description is shared between tasks or splits.
- `metric` (str): a scorer in `hf_t2l.scoring.METRICS`: `exact_match` (strip, case-insensitive,
  trailing full stop removed), `exact_match_cased` (the same but case-sensitive), `label_accuracy`
  (the label among `labels` found earliest in the output must be the gold one), `numeric` (the first
  number in the output must equal the gold number).
- `labels` (list of str or null): the allowed answers of a classification task.
- `composition` (str or null): for a task that chains skills, the `+`-joined ids of the train tasks
  whose skills it combines.

`examples/{{train,heldout}}.jsonl`, one example per line: `task_id`, `prompt` (the task input alone),
`response` (the gold answer). Classification tasks are balanced over their labels where the inputs
allow it.

## Families

| family | train tasks | held-out tasks |
|---|---|---|
{rows}

## Held-out tasks

No held-out task, task id or description appears in training. Each is either a **new family** (a
kind of task never trained on) or a **new composition** of skills that were only trained separately.

| task | family | kind | metric |
|---|---|---|---|
{held}

## Sources and licence

All inputs and answers are produced by `tasks/build.py` from procedural generators and small tables
written for this project: everyday English words and their French, Spanish and German translations,
number words, English month and day names from Python's `calendar` module, and public facts
(countries, capitals and continents; chemical element symbols). No third-party dataset is used. The
suite is released under the Apache License 2.0, like hf_t2l.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE / NAME, help=f"output folder (default: tasks/{NAME})"
    )
    args = parser.parse_args(argv)
    stats = build(args.out)
    print(json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
