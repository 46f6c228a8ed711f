"""Family ``h_verb_forms``: past tense, past participle and -ing form of English verbs (held out)."""

from __future__ import annotations

from ..core import Family, lab, only
from ..heldout_lexicon import VERB_FORMS

FAMILY = Family("h_verb_forms", split="heldout",
                summary="past tense, past participle and -ing form of a verb")

_VERBS = sorted(VERB_FORMS)
_INPUTS = ("an English verb", "a verb in its base form", "a verb such as go or walk")
_IRREGULAR = {v for v, (past, _, _) in VERB_FORMS.items() if not past.endswith("ed")}
_PAST_OWNER = {p: v for v, (p, _, _) in VERB_FORMS.items() if p != v
               and [q for q, _, _ in VERB_FORMS.values()].count(p) == 1}


def _lookup(i: int):
    return lambda rng: (lambda v: (v, VERB_FORMS[v][i]))(rng.choice(_VERBS))


FAMILY.add("verb_past", None, None,
           ["write the simple past tense of the verb", "put the verb into the past tense"],
           only("the past form, such as went"), make=_lookup(0), inputs=_INPUTS,
           extra=["Past tense: go -> went, walk -> walked.",
                  "What is the past simple of this verb? One word.",
                  "Yesterday I ___: fill in the verb's past form and write only that word."])
FAMILY.add("verb_participle", None, None,
           ["write the past participle of the verb",
            "give the form used after 'have' (have eaten, have walked)"],
           only("the past participle, such as eaten"), make=_lookup(1), inputs=_INPUTS,
           extra=["Past participle: eat -> eaten, go -> gone, walk -> walked.",
                  "Which form completes 'I have ___'? Write that single word."])
FAMILY.add("verb_ing", None, None,
           ["write the -ing form of the verb", "give the present participle of the verb"],
           only("the -ing form, such as running"), make=_lookup(2), inputs=_INPUTS,
           extra=["Add -ing correctly: run -> running, make -> making.",
                  "What form goes in 'I am ___ now'? Only the word."])
FAMILY.add("verb_is_irregular", None, None,
           ["decide whether the verb is irregular (its past does not just add -ed)",
            "tell if the verb forms its past tense without -ed"],
           lab("yes", "no"), labels=["yes", "no"],
           make=lambda rng: (lambda v: (v, "yes" if v in _IRREGULAR else "no"))(rng.choice(_VERBS)),
           inputs=_INPUTS,
           extra=["Irregular verb? go: yes (went). walk: no (walked).",
                  "Yes if the past tense is not made with -ed, otherwise no."])
FAMILY.add("past_to_base", None, None,
           ["give the base form of the verb in the past tense",
            "turn the past tense back into the plain verb"],
           only("the base form, such as go"), make=lambda rng: (lambda p: (p, _PAST_OWNER[p]))(
               rng.choice(sorted(_PAST_OWNER))),
           inputs=("a verb in the past tense", "a past form such as went or walked"),
           extra=["Infinitive from the past: went -> go, bought -> buy.",
                  "Which verb is this the past tense of?"])
