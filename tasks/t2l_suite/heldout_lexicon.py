"""Tables for the held-out and validation families (``h_*`` and ``v_*`` modules), written for this project.

Only well-known facts with one accepted answer: items with several usual answers (a fox's young is a
cub or a kit; Canada has two official languages) are left out. A cell ``-`` means "no single answer";
the families skip those rows. Helpers turn one table item into a few prompt phrasings, so that a table of
20-40 items still gives the 64 distinct prompts a task needs.
"""

from __future__ import annotations

from .lexicon import parse_table
from .wordforms import article

__all__ = [
    "ABBREVIATIONS", "ADJECTIVE_DEGREES", "ANIMAL_SOUNDS", "BABY_ANIMALS", "CLOTHING_BODY",
    "COMPASS", "COMPASS_ABBR", "CONTRACTIONS", "COUNTRY_FACTS", "EMOTION_PHRASES", "NATO", "PARTS_OF_SPEECH",
    "SHAPE_SIDES", "SMALL_NUMBER_WORDS", "TENSE_PHRASES", "VERB_FORMS", "noun_phrases", "table",
]


def table(text: str, width: int) -> list[list[str]]:
    """Rows of a ``|`` table with exactly ``width`` cells each and a different first cell on every row.

    Raises:
        ValueError: a row with another number of cells, or a first cell used twice (a key with two answers).
    """
    rows = parse_table(text)
    bad = [row for row in rows if len(row) != width]
    if bad:
        raise ValueError(f"Table rows {bad} do not have {width} cells; write one value per column.")
    keys = [row[0] for row in rows]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"Table keys {twice} appear on more than one row; keep one answer per key.")
    return rows


def noun_phrases(noun: str, *, extra: tuple[str, ...] = ()) -> list[str]:
    """A noun as a prompt in several phrasings: ``dog``, ``a dog``, ``the dog``, ``my dog`` (+ ``extra``)."""
    return [noun, f"{article(noun)} {noun}", f"the {noun}", f"my {noun}", *(f"{e} {noun}" for e in extra)]


SMALL_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()

# animal | the sound it makes (one usual English rendering)
ANIMAL_SOUNDS = dict(table("""
dog | woof
cat | meow
cow | moo
duck | quack
sheep | baa
pig | oink
horse | neigh
lion | roar
tiger | roar
snake | hiss
bee | buzz
owl | hoot
rooster | cock-a-doodle-doo
frog | ribbit
mouse | squeak
donkey | hee-haw
crow | caw
turkey | gobble
dove | coo
goose | honk
wolf | howl
bear | growl
""", 2))

# adult animal | its young (only animals whose young have one usual name)
BABY_ANIMALS = dict(table("""
cat | kitten
dog | puppy
cow | calf
sheep | lamb
horse | foal
pig | piglet
duck | duckling
goose | gosling
frog | tadpole
kangaroo | joey
bear | cub
lion | cub
tiger | cub
deer | fawn
goat | kid
chicken | chick
owl | owlet
eagle | eaglet
swan | cygnet
butterfly | caterpillar
seal | pup
elephant | calf
whale | calf
giraffe | calf
hare | leveret
""", 2))

# country | currency | main language (- if several) | nationality adjective (- if not one usual form)
COUNTRY_FACTS = {row[0]: tuple(row[1:]) for row in table("""
France | euro | French | French
Germany | euro | German | German
Italy | euro | Italian | Italian
Spain | euro | Spanish | Spanish
Portugal | euro | Portuguese | Portuguese
Netherlands | euro | Dutch | Dutch
Austria | euro | German | Austrian
Greece | euro | Greek | Greek
Slovakia | euro | Slovak | Slovak
Slovenia | euro | Slovenian | Slovenian
Estonia | euro | Estonian | Estonian
Latvia | euro | Latvian | Latvian
Lithuania | euro | Lithuanian | Lithuanian
Croatia | euro | Croatian | Croatian
Ireland | euro | - | Irish
Belgium | euro | - | Belgian
Finland | euro | - | Finnish
Malta | euro | - | Maltese
Cyprus | euro | - | Cypriot
Poland | zloty | Polish | Polish
Czechia | koruna | Czech | Czech
Hungary | forint | Hungarian | Hungarian
Sweden | krona | Swedish | Swedish
Norway | krone | Norwegian | Norwegian
Denmark | krone | Danish | Danish
Iceland | krona | Icelandic | Icelandic
Romania | leu | Romanian | Romanian
Moldova | leu | Romanian | Moldovan
Serbia | dinar | Serbian | Serbian
Albania | lek | Albanian | Albanian
Ukraine | hryvnia | Ukrainian | Ukrainian
Russia | ruble | Russian | Russian
Turkey | lira | Turkish | Turkish
Georgia | lari | Georgian | Georgian
Armenia | dram | Armenian | Armenian
United Kingdom | pound | English | British
United States | dollar | English | American
Australia | dollar | English | Australian
Jamaica | dollar | English | Jamaican
Canada | dollar | - | Canadian
Singapore | dollar | - | -
Japan | yen | Japanese | Japanese
China | yuan | Chinese | Chinese
South Korea | won | Korean | South Korean
Mongolia | - | Mongolian | Mongolian
Thailand | baht | Thai | Thai
Vietnam | dong | Vietnamese | Vietnamese
Indonesia | rupiah | Indonesian | Indonesian
Malaysia | ringgit | Malay | Malaysian
Bangladesh | taka | Bengali | Bangladeshi
India | rupee | - | Indian
Pakistan | rupee | - | Pakistani
Iran | rial | Persian | Iranian
Israel | shekel | Hebrew | Israeli
Saudi Arabia | riyal | Arabic | Saudi
Qatar | riyal | Arabic | Qatari
Egypt | pound | Arabic | Egyptian
Jordan | dinar | Arabic | Jordanian
Kuwait | dinar | Arabic | Kuwaiti
Syria | pound | Arabic | Syrian
Lebanon | pound | Arabic | Lebanese
Libya | dinar | Arabic | Libyan
Oman | rial | Arabic | Omani
Tunisia | dinar | Arabic | Tunisian
Morocco | dirham | - | Moroccan
Brazil | real | Portuguese | Brazilian
Angola | kwanza | Portuguese | Angolan
Mozambique | metical | Portuguese | Mozambican
Mexico | peso | Spanish | Mexican
Chile | peso | Spanish | Chilean
Colombia | peso | Spanish | Colombian
Cuba | peso | Spanish | Cuban
Uruguay | peso | Spanish | Uruguayan
Dominican Republic | peso | Spanish | Dominican
Argentina | peso | Spanish | -
Ecuador | dollar | Spanish | Ecuadorian
Venezuela | bolivar | Spanish | Venezuelan
Honduras | lempira | Spanish | Honduran
Nicaragua | cordoba | Spanish | Nicaraguan
Costa Rica | colon | Spanish | Costa Rican
Philippines | peso | - | Filipino
Nigeria | naira | English | Nigerian
Ghana | cedi | English | Ghanaian
Kenya | shilling | - | Kenyan
South Africa | rand | - | South African
""", 4)}

# The eight compass points, clockwise from north, and their abbreviations.
COMPASS = ["north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest"]
COMPASS_ABBR = dict(zip(COMPASS, ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]))

# Sentence endings by the emotion they show (no emotion or label word in them).
EMOTION_PHRASES: dict[str, list[str]] = {
    "happy": [
        "is grinning after the good news", "laughed loudly all through the party",
        "is delighted with the new puppy", "cheered when the holidays began", "feels wonderful this morning",
        "smiled all the way home", "is overjoyed about the wedding", "danced around the kitchen in delight",
    ],
    "sad": [
        "cried quietly after the funeral", "misses an old friend terribly", "feels lonely and gloomy tonight",
        "is heartbroken since the cat died", "sobbed after saying goodbye", "stared at the rain, miserable",
        "is grieving for a grandmother", "felt down all week after the loss",
    ],
    "angry": [
        "slammed the door in a rage", "is furious about the broken window", "shouted at the rude driver",
        "is fuming over the unfair fine", "clenched both fists and glared", "yelled at the noisy neighbours",
        "is livid about the lies", "stormed out of the meeting, outraged",
    ],
    "scared": [
        "is terrified of the dark cellar", "trembled at the strange noise",
        "hid under the bed during the storm", "screamed when the spider appeared",
        "is frightened of the big dog", "froze on the narrow bridge, shaking",
        "dreads walking home alone at night", "panicked when the lights went out",
    ],
}

# base | past | past participle | -ing form (regular and irregular verbs with one accepted past form)
VERB_FORMS = {row[0]: tuple(row[1:]) for row in table("""
go | went | gone | going
eat | ate | eaten | eating
see | saw | seen | seeing
take | took | taken | taking
give | gave | given | giving
write | wrote | written | writing
drive | drove | driven | driving
speak | spoke | spoken | speaking
break | broke | broken | breaking
choose | chose | chosen | choosing
freeze | froze | frozen | freezing
steal | stole | stolen | stealing
forget | forgot | forgotten | forgetting
begin | began | begun | beginning
drink | drank | drunk | drinking
sing | sang | sung | singing
swim | swam | swum | swimming
ring | rang | rung | ringing
run | ran | run | running
come | came | come | coming
know | knew | known | knowing
grow | grew | grown | growing
throw | threw | thrown | throwing
fly | flew | flown | flying
draw | drew | drawn | drawing
wear | wore | worn | wearing
bite | bit | bitten | biting
hide | hid | hidden | hiding
ride | rode | ridden | riding
fall | fell | fallen | falling
shake | shook | shaken | shaking
forgive | forgave | forgiven | forgiving
have | had | had | having
make | made | made | making
buy | bought | bought | buying
bring | brought | brought | bringing
think | thought | thought | thinking
catch | caught | caught | catching
teach | taught | taught | teaching
fight | fought | fought | fighting
sell | sold | sold | selling
tell | told | told | telling
find | found | found | finding
hold | held | held | holding
keep | kept | kept | keeping
sleep | slept | slept | sleeping
feel | felt | felt | feeling
leave | left | left | leaving
meet | met | met | meeting
lose | lost | lost | losing
send | sent | sent | sending
spend | spent | spent | spending
build | built | built | building
pay | paid | paid | paying
say | said | said | saying
sit | sat | sat | sitting
stand | stood | stood | standing
win | won | won | winning
hear | heard | heard | hearing
lend | lent | lent | lending
feed | fed | fed | feeding
shoot | shot | shot | shooting
dig | dug | dug | digging
cut | cut | cut | cutting
put | put | put | putting
hit | hit | hit | hitting
shut | shut | shut | shutting
walk | walked | walked | walking
jump | jumped | jumped | jumping
play | played | played | playing
talk | talked | talked | talking
cook | cooked | cooked | cooking
clean | cleaned | cleaned | cleaning
help | helped | helped | helping
open | opened | opened | opening
watch | watched | watched | watching
wash | washed | washed | washing
climb | climbed | climbed | climbing
paint | painted | painted | painting
visit | visited | visited | visiting
start | started | started | starting
finish | finished | finished | finishing
call | called | called | calling
stop | stopped | stopped | stopping
plan | planned | planned | planning
carry | carried | carried | carrying
try | tried | tried | trying
cry | cried | cried | crying
study | studied | studied | studying
smile | smiled | smiled | smiling
dance | danced | danced | dancing
like | liked | liked | liking
hope | hoped | hoped | hoping
move | moved | moved | moving
bake | baked | baked | baking
listen | listened | listened | listening
answer | answered | answered | answering
""", 4)}

# adjective | comparative | superlative
ADJECTIVE_DEGREES = {row[0]: (row[1], row[2]) for row in table("""
big | bigger | biggest
small | smaller | smallest
tall | taller | tallest
short | shorter | shortest
long | longer | longest
young | younger | youngest
fast | faster | fastest
slow | slower | slowest
hot | hotter | hottest
cold | colder | coldest
warm | warmer | warmest
high | higher | highest
low | lower | lowest
deep | deeper | deepest
wide | wider | widest
thin | thinner | thinnest
fat | fatter | fattest
sad | sadder | saddest
wet | wetter | wettest
flat | flatter | flattest
happy | happier | happiest
easy | easier | easiest
busy | busier | busiest
early | earlier | earliest
heavy | heavier | heaviest
funny | funnier | funniest
dirty | dirtier | dirtiest
pretty | prettier | prettiest
lucky | luckier | luckiest
tiny | tinier | tiniest
ugly | uglier | ugliest
dark | darker | darkest
bright | brighter | brightest
loud | louder | loudest
soft | softer | softest
hard | harder | hardest
strong | stronger | strongest
weak | weaker | weakest
rich | richer | richest
poor | poorer | poorest
cheap | cheaper | cheapest
clean | cleaner | cleanest
kind | kinder | kindest
fresh | fresher | freshest
sweet | sweeter | sweetest
sharp | sharper | sharpest
thick | thicker | thickest
quick | quicker | quickest
nice | nicer | nicest
large | larger | largest
safe | safer | safest
late | later | latest
wise | wiser | wisest
brave | braver | bravest
good | better | best
bad | worse | worst
beautiful | more beautiful | most beautiful
expensive | more expensive | most expensive
important | more important | most important
dangerous | more dangerous | most dangerous
difficult | more difficult | most difficult
comfortable | more comfortable | most comfortable
interesting | more interesting | most interesting
famous | more famous | most famous
careful | more careful | most careful
popular | more popular | most popular
exciting | more exciting | most exciting
delicious | more delicious | most delicious
useful | more useful | most useful
""", 3)}

# shape | number of sides | plural
SHAPE_SIDES = {row[0]: (int(row[1]), row[2]) for row in table("""
triangle | 3 | triangles
equilateral triangle | 3 | equilateral triangles
right triangle | 3 | right triangles
square | 4 | squares
rectangle | 4 | rectangles
rhombus | 4 | rhombuses
parallelogram | 4 | parallelograms
trapezoid | 4 | trapezoids
kite | 4 | kites
quadrilateral | 4 | quadrilaterals
pentagon | 5 | pentagons
regular pentagon | 5 | regular pentagons
hexagon | 6 | hexagons
regular hexagon | 6 | regular hexagons
heptagon | 7 | heptagons
octagon | 8 | octagons
regular octagon | 8 | regular octagons
nonagon | 9 | nonagons
decagon | 10 | decagons
dodecagon | 12 | dodecagons
""", 3)}

# abbreviation | what it stands for (lowercase) | kind: A = said letter by letter, C = a shortened word
ABBREVIATIONS = {row[0]: (row[1], row[2]) for row in table("""
asap | as soon as possible | A
diy | do it yourself | A
faq | frequently asked questions | A
fyi | for your information | A
btw | by the way | A
eta | estimated time of arrival | A
aka | also known as | A
tba | to be announced | A
pto | please turn over | A
rip | rest in peace | A
vip | very important person | A
ufo | unidentified flying object | A
imo | in my opinion | A
lol | laughing out loud | A
brb | be right back | A
ttyl | talk to you later | A
dob | date of birth | A
ceo | chief executive officer | A
dj | disc jockey | A
mph | miles per hour | A
approx | approximately | C
dept | department | C
govt | government | C
info | information | C
max | maximum | C
tel | telephone | C
ave | avenue | C
rd | road | C
yr | year | C
wk | week | C
vs | versus | C
mr | mister | C
prof | professor | C
kg | kilogram | C
lb | pound | C
oz | ounce | C
bbq | barbecue | C
temp | temperature | C
intro | introduction | C
ad | advertisement | C
photo | photograph | C
lab | laboratory | C
gym | gymnasium | C
fridge | refrigerator | C
math | mathematics | C
exam | examination | C
memo | memorandum | C
flu | influenza | C
bike | bicycle | C
""", 3)}

# verb | past | third person present | rest of the phrase (for sentences in past, present and future)
TENSE_PHRASES = table("""
walk | walked | walks | to school
cook | cooked | cooks | dinner for the family
play | played | plays | football in the park
visit | visited | visits | the museum
paint | painted | paints | the fence
wash | washed | washes | the car
read | read | reads | the newspaper
write | wrote | writes | a letter to a friend
eat | ate | eats | lunch in the garden
drive | drove | drives | to the city
sing | sang | sings | in the choir
buy | bought | buys | fresh bread
""", 4)

# garment or accessory | the body part it is worn on
CLOTHING_BODY = dict(table("""
hat | head
cap | head
helmet | head
crown | head
shoe | foot
sock | foot
boot | foot
sandal | foot
slipper | foot
glove | hand
mitten | hand
ring | finger
scarf | neck
necklace | neck
tie | neck
collar | neck
earring | ear
watch | wrist
bracelet | wrist
belt | waist
""", 2))

# letter | code word of the spelling alphabet used on radios (common English spellings)
NATO = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
    "quebec romeo sierra tango uniform victor whiskey x-ray yankee zulu"
).split()))

# contraction | what it is short for
CONTRACTIONS = dict(table("""
don't | do not
doesn't | does not
didn't | did not
can't | cannot
won't | will not
isn't | is not
aren't | are not
wasn't | was not
weren't | were not
haven't | have not
hasn't | has not
hadn't | had not
couldn't | could not
shouldn't | should not
wouldn't | would not
""", 2))

# Words with one clear part of speech (no "walk", "cook" or "duck" that are both nouns and verbs).
PARTS_OF_SPEECH: dict[str, list[str]] = {
    "noun": (
        "elephant giraffe table banana carrot window bicycle kitchen island forest teacher village mountain "
        "river umbrella library ocean chair planet potato lemon piano zebra museum airport tomato"
    ).split(),
    "verb": (
        "go eat see take give write speak choose steal forget begin sing know grow bring think teach sell "
        "tell keep meet lose send sit hear lend arrive"
    ).split(),
    "adjective": (
        "big tall happy beautiful expensive difficult famous dangerous heavy funny ugly tiny brave young "
        "careful useful delicious lucky cheap rich sad wide gentle clever polite lazy"
    ).split(),
}
