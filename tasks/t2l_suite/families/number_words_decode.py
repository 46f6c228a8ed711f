"""Family ``number_words_decode``: numbers written in words, back to digits (held out)."""

from __future__ import annotations

from ..core import Domain, Family, num
from ..wordforms import words_en, words_es, words_fr

FAMILY = Family("number_words_decode", split="heldout", summary="read a number written in words")

for _lang, _fn in (("English", words_en), ("French", words_fr), ("Spanish", words_es)):
    FAMILY.add(
        f"words_{_lang[:2].lower()}_to_number",
        Domain(
            f"words_{_lang[:2].lower()}_to_number",
            (
                f"a number from 0 to 99 spelled out in {_lang}",
                f"an {_lang} number word",
                f"a number written as {_lang} words",
            ),
            sample=lambda rng, fn=_fn: rng.randint(0, 99),
            render=lambda n, fn=_fn: fn(n),
        ),
        lambda n, fn=_fn: str(n),
        [f"turn the {_lang} number word into digits", f"read the number written in {_lang} words"],
        num("its value"),
        metric="numeric",
        pool=None,
    )
