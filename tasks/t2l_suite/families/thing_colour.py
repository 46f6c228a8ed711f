"""Family ``thing_colour``: the usual colour of a common thing (held out: knowledge lookup)."""

from __future__ import annotations

from ..core import Domain, Family, lab
from ..lexicon import parse_table

FAMILY = Family("thing_colour", split="heldout", summary="the usual colour of everyday things")

# thing | its usual colour (only things with one clear everyday colour)
COLOUR_OF = {
    row[0]: row[1]
    for row in parse_table("""
banana | yellow
lemon | yellow
sun | yellow
butter | yellow
corn | yellow
canary | yellow
grass | green
leaf | green
lime | green
frog | green
cucumber | green
broccoli | green
pea | green
lettuce | green
emerald | green
sky | blue
sea | blue
ocean | blue
sapphire | blue
blueberry | blue
snow | white
milk | white
cloud | white
sugar | white
salt | white
chalk | white
swan | white
paper | white
rice | white
coal | black
night | black
crow | black
ink | black
tar | black
raven | black
strawberry | red
tomato | red
cherry | red
blood | red
ruby | red
fire truck | red
ladybird | red
orange | orange
carrot | orange
pumpkin | orange
tangerine | orange
apricot | orange
chocolate | brown
coffee | brown
soil | brown
wood | brown
bread crust | brown
acorn | brown
bear | brown
elephant | grey
ash | grey
mouse | grey
rain cloud | grey
pig | pink
flamingo | pink
bubblegum | pink
grape | purple
lavender | purple
plum | purple
aubergine | purple
violet | purple
""")
}
_THINGS = sorted(COLOUR_OF)
_LABELS = sorted(set(COLOUR_OF.values()))
_INPUTS = (
    "the name of a common thing",
    "an everyday object, food or animal",
    "a thing that has a typical colour",
)

FAMILY.add(
    "thing_colour",
    Domain("thing_colour", _INPUTS, sample=lambda rng: rng.choice(_THINGS), render=lambda t: t),
    lambda t: COLOUR_OF[t],
    ["name the usual colour of the thing", "say what colour the thing normally is"],
    lab(*_LABELS),
    labels=_LABELS,
    balance=False,
)
