"""Family ``h_emotion``: the emotion a sentence shows, with several label wordings (held out)."""

from __future__ import annotations

import random

from ..core import Family, lab
from ..heldout_lexicon import EMOTION_PHRASES
from ..lexicon import FIRST_NAMES

FAMILY = Family("h_emotion", split="heldout", summary="the emotion of a sentence (happy, sad, angry, scared)")

_EMOTIONS = ["happy", "sad", "angry", "scared"]
_INPUTS = ("a sentence about how someone feels", "a short sentence describing a person",
           "one English sentence")


def _maker(names: dict[str, str]):
    def make(rng: random.Random) -> tuple[str, str]:
        emotion = rng.choice(_EMOTIONS)
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(EMOTION_PHRASES[emotion])}.", names[emotion]
    return make


_SETS = {
    "emotion_label": (dict(zip(_EMOTIONS, _EMOTIONS)),
                      ["Is the person happy, sad, angry or scared? Answer with that one word.",
                       "Read how the person behaves and label the feeling: happy, sad, angry or scared.",
                       "Emotion of the sentence, from four choices: happy / sad / angry / scared."]),
    "emotion_noun": (dict(zip(_EMOTIONS, ["joy", "sadness", "anger", "fear"])),
                     ["Which emotion is shown: joy, sadness, anger or fear?",
                      "Name the feeling in the sentence as a noun: joy, sadness, anger or fear.",
                      "Classify the emotion. Labels are the nouns joy, sadness, anger, fear."]),
    "emotion_mood": (dict(zip(_EMOTIONS, ["cheerful", "gloomy", "furious", "frightened"])),
                     ["Describe the person's mood with one of: cheerful, gloomy, furious, frightened.",
                      "How does this person feel? Choose cheerful, gloomy, furious or frightened."]),
}
for _task_id, (_names, _extra) in _SETS.items():
    _labels = list(_names.values())
    FAMILY.add(_task_id, None, None,
               ["name the emotion the person in the sentence feels", "tell which feeling the sentence shows"],
               lab(*_labels), labels=_labels, make=_maker(_names), inputs=_INPUTS, extra=_extra)


def _is_scared(rng: random.Random) -> tuple[str, str]:
    prompt, emotion = _maker(dict(zip(_EMOTIONS, _EMOTIONS)))(rng)
    return prompt, "yes" if emotion == "scared" else "no"


FAMILY.add("emotion_is_scared", None, None,
           ["decide whether the person in the sentence is frightened",
            "tell if the sentence shows someone afraid"],
           lab("yes", "no"), labels=["yes", "no"], make=_is_scared, inputs=_INPUTS,
           extra=["Is this person frightened? Yes or no.",
                  "Reply yes when the sentence shows fear and no for any other feeling."])
