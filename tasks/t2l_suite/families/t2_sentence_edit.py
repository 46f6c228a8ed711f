"""Family ``t2_sentence_edit``: rewrite a whole sentence mechanically (join, reorder, wrap, re-punctuate)."""

from __future__ import annotations

import json

from ..core import Family, only
from ..domains import D

FAMILY = Family("t2_sentence_edit", split="train",
                summary="rewrite a sentence: other word separators, reversed order, quotes, tags, a prefix")


def _words(s: str) -> list[str]:
    return s.rstrip(".?!").split()


# (task id, answer, actions, format)
EDITS = [
    ("sent_underscores", lambda s: s.replace(" ", "_"),
     ["replace every space in the sentence with an underscore", "join the words of the sentence with "
      "underscores", "write the sentence with underscores instead of spaces"],
     "the sentence with underscores, punctuation kept"),
    ("sent_reverse_words", lambda s: " ".join(reversed(_words(s))),
     ["reverse the order of the words in the sentence", "write the words of the sentence from last to "
      "first", "read the sentence backwards word by word"],
     "the words in reverse order, without punctuation"),
    ("sent_words_commas", lambda s: ", ".join(_words(s)),
     ["list the words of the sentence separated by commas", "turn the sentence into a comma-separated "
      "list of its words", "put a comma between every two words of the sentence"],
     "the words joined by ', ', without the final punctuation"),
    ("sent_double_quotes", lambda s: json.dumps(s),
     ["put the sentence in double quotes", "quote the whole sentence with double quotation marks",
      "wrap the sentence in straight double quotes"], "the sentence inside double quotes"),
    ("sent_note_prefix", lambda s: f"Note: {s}",
     ["put 'Note: ' in front of the sentence", "label the sentence as a note",
      "start the line with 'Note:' followed by the sentence"], "the sentence after 'Note: '"),
    ("sent_exclaim", lambda s: s[:-1] + "!",
     ["replace the final punctuation mark of the sentence with an exclamation mark",
      "end the sentence with '!' instead of its last punctuation mark",
      "turn the sentence's closing mark into an exclamation mark"], "the sentence ending in '!'"),
    ("sent_paragraph_tag", lambda s: f"<p>{s}</p>",
     ["wrap the sentence in an HTML paragraph tag", "put the sentence between <p> and </p>",
      "make the sentence an HTML paragraph"], "the sentence like <p>...</p>"),
    ("sent_parentheses", lambda s: f"({s})",
     ["put the whole sentence in round brackets", "wrap the sentence in parentheses",
      "enclose the sentence between ( and )"], "the sentence inside parentheses"),
    ("sent_bullet", lambda s: f"- {s}",
     ["turn the sentence into a markdown bullet point", "put '- ' before the sentence",
      "write the sentence as a list item starting with a dash"], "the sentence after '- '"),
    ("sent_slashes", lambda s: " / ".join(_words(s)),
     ["separate the words of the sentence with slashes", "join the sentence's words with ' / '",
      "put a slash between every two words of the sentence"],
     "the words joined by ' / ', without the final punctuation"),
    ("sent_said_anna", lambda s: f"Anna said: \"{s}\"",
     ["report the sentence as something Anna said", "write Anna said: and the sentence in double quotes",
      "quote the sentence as Anna's words"], "the line like Anna said: \"...\""),
]
for task_id, fn, actions, fmt in EDITS:
    FAMILY.add(task_id, D["sentence"], fn, actions, only(fmt), metric="exact_match_cased")

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('sent_reverse_words', taught_by='sentence_words')
