"""More word lists and small tables for the ``t_*`` training families (written by hand for this project).

Everyday common-knowledge groupings (living things, sea and land animals, hot and cold things...),
gendered word pairs, colours of well-known things, and the input formats that go with them.
Only clear-cut members are listed: anything a reasonable person could place in both groups is left out.
"""

from __future__ import annotations

import random

from .core import Domain
from .lexicon import CATEGORIES, OBJECTS, parse_table


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


PLANTS = _split(
    "oak, pine, rose, tulip, daisy, fern, moss, grass, cactus, ivy, bamboo, maple, willow, birch, lily, "
    "sunflower, orchid, clover, dandelion, seaweed, mint, basil, lavender, poppy, shrub, vine, reed, cedar, "
    "elm, holly, palm tree, bush, weed, herb"
)
ANIMALS = CATEGORIES["animal"]
LIVING = ANIMALS + PLANTS
NON_LIVING = sorted(set(OBJECTS + CATEGORIES["vehicle"] + CATEGORIES["clothing"] + _split(
    "rock, stone, spoon, fork, brick, coin, key, clock, phone, computer, window, table, hammer, nail, "
    "chair, pillow, mirror, ladder, bottle, cup"
)) - set(LIVING))

SEA_ANIMALS = _split(
    "whale, shark, dolphin, octopus, squid, jellyfish, starfish, crab, lobster, walrus, tuna, cod, eel, "
    "seahorse, stingray, clam, oyster, shrimp, orca, swordfish, sardine, mackerel, sea urchin, manatee, "
    "narwhal, seal, sea turtle, anchovy, halibut, coral"
)
LAND_ANIMALS = _split(
    "dog, cat, horse, cow, pig, sheep, mouse, rabbit, bear, wolf, fox, lion, tiger, elephant, monkey, goat, "
    "camel, donkey, giraffe, zebra, squirrel, deer, kangaroo, leopard, cheetah, badger, hedgehog, mole, "
    "ant, spider, lizard, rhino, gorilla, koala"
)

HOT_THINGS = _split(
    "sun, fire, lava, oven, stove, volcano, flame, steam, sauna, furnace, toaster, campfire, radiator, "
    "heater, fireplace, bonfire, grill, desert, boiling water, hot soup, hot coffee, candle flame, "
    "frying pan, kettle, hot chocolate, summer day, hair dryer, iron, barbecue"
)
COLD_THINGS = _split(
    "ice, snow, glacier, freezer, fridge, iceberg, frost, hail, icicle, snowman, winter night, blizzard, "
    "ice cream, popsicle, igloo, ice cube, sleet, frozen lake, snowflake, north pole, tundra, ice rink, "
    "cold drink, iced tea, frozen peas, snowball, sorbet, arctic wind, ice pack"
)

BIG_THINGS = _split(
    "elephant, whale, mountain, ship, skyscraper, bus, truck, train, airplane, castle, ocean, planet, "
    "giraffe, dinosaur, bridge, stadium, tower, cathedral, forest, lake, island, hippo, rhino, volcano, "
    "cruise ship, building, tractor, palace, moon, desert"
)
SMALL_THINGS = _split(
    "ant, bee, coin, button, pea, bead, pebble, mouse, seed, pin, needle, ladybird, flea, marble, key, ring, "
    "paperclip, thimble, raisin, crumb, grain of rice, earring, stamp, dice, acorn, snail, thumbtack, "
    "grain of sand, berry, eraser"
)

FOODS = sorted(set(CATEGORIES["fruit"] + CATEGORIES["vegetable"] + _split(
    "bread, cheese, egg, rice, pasta, soup, cake, cookie, pizza, sandwich, butter, yogurt, honey, pancake, "
    "noodles, biscuit, omelette, salad, sausage, muffin"
)))
NOT_FOODS = sorted(set(OBJECTS + _split(
    "rock, stone, spoon, fork, brick, coin, key, clock, phone, hammer, nail, pillow, mirror, ladder, "
    "sock, shoe, glove, scarf, tent, carpet"
)) - set(FOODS))

FLYERS = _split(
    "bird, eagle, owl, parrot, duck, goose, bee, butterfly, bat, fly, mosquito, plane, helicopter, rocket, "
    "kite, drone, crow, pigeon, sparrow, swan, hawk, dragonfly, moth, wasp, ladybird, seagull, jet, "
    "hot-air balloon, glider, falcon"
)
NON_FLYERS = _split(
    "dog, cat, horse, cow, pig, sheep, fish, rabbit, bear, wolf, fox, lion, tiger, elephant, monkey, goat, "
    "frog, snake, whale, penguin, ostrich, giraffe, car, bus, train, boat, bicycle, truck, tractor, "
    "submarine, turtle, kangaroo"
)

DOMESTIC = _split(
    "dog, cat, cow, pig, sheep, goat, horse, donkey, chicken, hamster, guinea pig, llama, goldfish, "
    "budgie, pony, turkey, hen, ox, lamb, calf"
)
WILD = _split(
    "lion, tiger, wolf, fox, bear, elephant, giraffe, zebra, monkey, gorilla, leopard, cheetah, hyena, "
    "crocodile, rhino, hippo, kangaroo, koala, deer, eagle, shark, whale, squirrel, badger, moose, "
    "bison, panda, jaguar, lynx, chimpanzee"
)

NATURAL = _split(
    "tree, river, mountain, rock, cloud, ocean, lake, flower, sand, volcano, forest, waterfall, island, "
    "cave, desert, glacier, leaf, rainbow, beach, hill, valley, storm, star, moon, stone, grass, canyon, "
    "wave, pebble, meadow"
)
MAN_MADE = _split(
    "car, chair, bridge, computer, phone, building, road, table, bottle, clock, lamp, pen, book, shirt, "
    "bicycle, television, spoon, door, window, candle, plate, tent, hammer, ladder, kite, umbrella, "
    "camera, guitar, basket, train"
)

# animal -> class (mammal, bird, fish, insect, reptile); clear textbook cases only
ANIMAL_CLASS: dict[str, str] = {
    **dict.fromkeys(_split(
        "dog, cat, horse, cow, pig, sheep, mouse, rabbit, bear, wolf, fox, lion, tiger, elephant, monkey, "
        "goat, whale, dolphin, bat, camel, giraffe, zebra, squirrel, deer, kangaroo, gorilla, hamster"
    ), "mammal"),
    **dict.fromkeys(_split(
        "eagle, owl, parrot, duck, goose, penguin, ostrich, crow, pigeon, sparrow, swan, hawk, robin, "
        "flamingo, chicken, peacock"
    ), "bird"),
    **dict.fromkeys(_split(
        "shark, tuna, cod, salmon, trout, goldfish, sardine, mackerel, carp, herring, swordfish"
    ), "fish"),
    **dict.fromkeys(_split(
        "ant, bee, butterfly, fly, mosquito, beetle, grasshopper, wasp, moth, ladybird, dragonfly, cricket"
    ), "insect"),
    **dict.fromkeys(_split(
        "snake, lizard, crocodile, turtle, tortoise, alligator, iguana, gecko, chameleon, cobra, python"
    ), "reptile"),
}

# animal -> number of legs (0, 2, 4, 6, 8)
ANIMAL_LEGS: dict[str, str] = {
    **dict.fromkeys(_split("snake, worm, fish, shark, whale, dolphin, eel, slug, snail, jellyfish"), "0"),
    **dict.fromkeys(_split(
        "chicken, duck, goose, eagle, owl, parrot, penguin, ostrich, crow, pigeon, swan, flamingo, robin"
    ), "2"),
    **dict.fromkeys(_split(
        "dog, cat, horse, cow, pig, sheep, mouse, rabbit, bear, lion, tiger, elephant, goat, zebra, "
        "giraffe, fox, wolf, deer, lizard, crocodile"
    ), "4"),
    **dict.fromkeys(_split("ant, bee, butterfly, fly, beetle, grasshopper, wasp, moth, ladybird"), "6"),
    **dict.fromkeys(_split("spider, scorpion, tarantula, tick"), "8"),
}

# thing -> its usual colour
THING_COLOUR: dict[str, str] = {
    row[0]: row[1]
    for row in parse_table("""
sky        | blue
grass      | green
snow       | white
coal       | black
banana     | yellow
strawberry | red
carrot     | orange
tomato     | red
lemon      | yellow
lime       | green
cherry     | red
pumpkin    | orange
milk       | white
chocolate  | brown
blood      | red
leaf       | green
cloud      | white
crow       | black
flamingo   | pink
frog       | green
salt       | white
sugar      | white
coffee     | brown
ocean      | blue
sunflower  | yellow
tangerine  | orange
soot       | black
cucumber   | green
raven      | black
chick      | yellow
ketchup    | red
tar        | black
daffodil   | yellow
emerald    | green
""")
}

# male word | female word
GENDER_PAIRS: list[tuple[str, str]] = [
    (row[0], row[1])
    for row in parse_table("""
king        | queen
man         | woman
boy         | girl
father      | mother
brother     | sister
uncle       | aunt
husband     | wife
prince      | princess
actor       | actress
waiter      | waitress
son         | daughter
nephew      | niece
grandfather | grandmother
lord        | lady
bull        | cow
rooster     | hen
emperor     | empress
duke        | duchess
god         | goddess
hero        | heroine
host        | hostess
groom       | bride
monk        | nun
wizard      | witch
stallion    | mare
grandson    | granddaughter
stepfather  | stepmother
boyfriend   | girlfriend
gentleman   | lady
policeman   | policewoman
""")
]
MALE_TO_FEMALE = dict(GENDER_PAIRS)
FEMALE_TO_MALE = {f: m for m, f in GENDER_PAIRS if f != "lady"}
KIN_DETERMINERS = ("the", "my", "her", "his", "our", "your")

def noun_phrases(nouns: list[str]) -> tuple[str, ...]:
    """Each noun alone and after 'the' (two prompts per noun, so short lists still give 64 examples)."""
    return tuple(sorted(set(nouns) | {f"the {n}" for n in nouns}))


def head_noun(phrase: str) -> str:
    """The noun of a phrase made by :func:`noun_phrases` ('the oak' -> 'oak')."""
    return phrase[4:] if phrase.startswith("the ") else phrase


THING = Domain("thing", ("the name of a thing", "a word or short phrase naming something", "a noun"))


def _kin_phrase(pairs: dict[str, str]):
    def sample(rng: random.Random) -> tuple[str, str]:
        return rng.choice(KIN_DETERMINERS), rng.choice(sorted(pairs))
    return sample


GENDER_MALE = Domain(
    "gender_male", ("a short phrase such as 'my uncle'", "a determiner followed by a male noun",
                    "a phrase naming a man, boy or male animal"),
    sample=_kin_phrase(MALE_TO_FEMALE), render=" ".join,
)
GENDER_FEMALE = Domain(
    "gender_female", ("a short phrase such as 'my aunt'", "a determiner followed by a female noun",
                      "a phrase naming a woman, girl or female animal"),
    sample=_kin_phrase(FEMALE_TO_MALE), render=" ".join,
)

ORDINAL_WORDS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                 "twelfth").split()
