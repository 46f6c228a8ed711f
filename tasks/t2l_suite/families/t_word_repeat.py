"""Family ``t_word_repeat``: write a word several times, or twice with a given separator."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..wordforms import words_en

FAMILY = Family("t_word_repeat", split="train", summary="repeat a word k times, or twice with a separator")

for k in (3, 4, 5):
    FAMILY.add(
        f"word_repeat_{k}", D["word"], lambda w, k=k: " ".join([w] * k),
        [f"repeat the word {k} times", f"write the word {words_en(k)} times in a row",
         f"say the word {words_en(k)} times, separated by spaces"],
        only(f"the word {k} times with single spaces between"),
    )
for name, sep, how in (("hyphen", "-", "a hyphen"), ("comma", ", ", "a comma and a space"),
                       ("joined", "", "nothing"), ("slash", "/", "a slash")):
    FAMILY.add(
        f"word_twice_{name}", D["word"], lambda w, sep=sep: f"{w}{sep}{w}",
        [f"write the word twice with {how} in between", f"double the word, joining the two copies with {how}",
         f"repeat the word once, putting {how} between the copies"],
        only(f"the two copies joined by {how}, such as cat{sep}cat"),
    )
