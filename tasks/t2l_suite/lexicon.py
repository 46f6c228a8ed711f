"""Word lists and small tables shared by the task families (written by hand for this project).

Everyday English words, nouns by category and their French, Spanish and German translations,
colours, names, review and topic lexicons, and calendar names (English ones from Python's
``calendar`` module). See ``tasks/README.md`` for sources and licences.
"""

from __future__ import annotations

import calendar

# ---- Tables (written for this project; see tasks/README.md for sources and licences)


def parse_table(text: str) -> list[list[str]]:
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
    for row in parse_table("""
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
    for row in parse_table("""
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

# More everyday words (lowercase, 3-10 letters) for the word-level families added in v2.
MORE_WORDS = (
    "able about above actor admit adult after again agent agree ahead alarm album alert alive allow alone "
    "along amber angle angry ankle apron arena argue arise armor aside award awful bacon badge baker basic "
    "beach beard beast begin below bench berry black blade blame blank blast blend block bloom board "
    "bonus boost booth brain brand bread break brick bride brief bring broad brush budget buffer bundle "
    "cabin cable camel candy canal cargo carol carry catch cause chain chalk charm chart cheap cheek chest "
    "chief chill choir civil claim class clean clear clerk climb clock close cloth coach coast comet coral "
    "couch count court cover craft crane crash cream crisp cross crowd crown cruel crumb curve cycle daily "
    "dairy dance debut delay depth diary dizzy dozen draft drain drama dream dress drift drink drive eager "
    "early earth elder empty enjoy enter equal error event exact extra fable faint fairy faith false fancy "
    "feast fence ferry fever field fifty final flame flash fleet float flock flood floor flour fluid focus "
    "force forge frame fresh front frost fruit fudge giant glare globe glory glove grace grain grand grant "
    "grass grave great greed grill groom guard guess guest guide habit happy harsh haven heavy hedge honey "
    "horse hotel human humor hurry image index inner input irony ivory jewel joint jolly judge juice jumbo "
    "label labor lemon level lever limit linen liver local lodge logic lucky lunar lunch magic major maple "
    "march match mayor medal melon mercy merit metal meter minor model money month moral motor mount music "
    "nerve never night noble noise north novel nurse oasis offer olive onion opera orbit order organ other "
    "outer owner paint panel paper party pasta patch peace pearl pedal penny phone photo piano pilot pitch "
    "pizza place plain plane plant plate plaza point polar porch pound power press price pride prize proof "
    "proud queen quest quiet quilt quota radar radio rainy ranch range rapid razor ready realm rebel relay "
    "reply rider ridge rifle river roast robin robot rocky rough round route royal rugby ruler rural saint "
    "salad sauce scale scarf scene scent scout screw shade shape share shark sharp sheet shelf shell shift "
    "shine shirt shore short sight silk skate skill skirt slate sleep slice slope smart smile smoke snack "
    "solar solid sound south space spade spark spice spine spoon sport squad stack staff stage stain stair "
    "stamp stand steam steel stick stone storm story stove straw strip sugar suite sunny sweet swing sword "
    "table taste teach theme thick thumb tiger title toast token topic torch total tower track trade trail "
    "treat trend trial tribe trick truck trust truth tulip uncle under union unity upper urban usual valley "
    "value vapor vault video visit vital vivid vocal voice wagon waste water whale wheat wheel white whole "
    "widow width woman world worry wrist yacht yield young youth zebra"
).split()
COMMON_WORDS = sorted({*WORDS, *MORE_WORDS})
