"""Word tables for the ``t2_*`` training families: month and day names in four more languages, month
abbreviations, and the sentence frames, key names, prefixes and suffixes those families sweep over.

Day lists start on Monday, like ``calendar.day_name``; month lists start in January.
"""

from __future__ import annotations

__all__ = [
    "DAYS_BY_LANGUAGE", "MONTHS_BY_LANGUAGE", "MONTH_ABBR", "NAME_FRAMES", "NUMBER_FRAMES", "PREFIXES_2",
    "SUFFIXES_2", "WORD_FRAMES_2",
]

MONTHS_BY_LANGUAGE: dict[str, list[str]] = {
    "German": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "Italian": ("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
                "dicembre").split(),
    "Portuguese": ("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
                   "dezembro").split(),
    "Dutch": ("januari februari maart april mei juni juli augustus september oktober november "
              "december").split(),
}

DAYS_BY_LANGUAGE: dict[str, list[str]] = {
    "German": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split(),
    "Italian": "lunedì martedì mercoledì giovedì venerdì sabato domenica".split(),
    "Portuguese": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo".split(),
    "Dutch": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split(),
}

MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

# WORD marks where the word goes; none of these repeats a frame of the ``t_word_frame`` family.
WORD_FRAMES_2 = [
    "The WORD is on the table.", "I need a new WORD.", "Can you find the WORD?", "We sold the WORD.",
    "Our WORD is broken.", "The WORD fell down.", "Put the WORD away.", "My WORD is blue.",
    "A WORD a day keeps boredom away.", "Where did the WORD go?", "She painted the WORD.",
    "He lost his WORD.", "Clean the WORD now.", "That WORD looks old.", "One WORD, please.",
    "The WORD was a gift.", "Do not touch the WORD.", "I dreamt of a WORD.", "Open the WORD.",
    "Topic: WORD", "Tag: WORD", "Subject: WORD", "Word of the week: WORD", "New item: WORD",
    "Search results for WORD", "Welcome to WORD world!", "WORD forever!", "Team WORD wins.",
    "All about WORD", "The story of the WORD", "WORD, WORD everywhere.", "No more WORD!",
    "Buy one WORD, get one free.", "The WORD club meets today.", "Love, WORD", "WORD is ready.",
    "Warning: WORD ahead.", "The last WORD on Earth", "Lesson one: the WORD", "Find WORD below.",
]

# NAME marks the person's first name.
NAME_FRAMES = [
    "Nice to meet you, NAME.", "Happy new year, NAME!", "Well done, NAME!", "Get well soon, NAME.",
    "See you tomorrow, NAME.", "NAME is here.", "Congratulations, NAME!", "Good night, NAME.",
    "Sorry, NAME.", "NAME wins!", "Ask NAME.", "Call NAME now.", "NAME has left the chat.",
    "NAME joined the team.", "Made by NAME", "Signed, NAME", "To: NAME", "From: NAME",
    "Player one: NAME", "Welcome back, NAME!", "Take care, NAME.", "Dear friend NAME,",
]

# NUM marks the number.
NUMBER_FRAMES = [
    "Chapter NUM", "Room NUM", "Page NUM", "Level NUM", "Track NUM", "Gate NUM", "No. NUM", "NUM points",
    "Score: NUM", "Item #NUM", "NUM votes", "Table NUM", "Floor NUM", "Bus NUM", "Channel NUM", "Seat NUM",
    "NUM apples", "Version NUM.0", "NUM km", "Order NUM", "Step NUM", "NUM stars", "Player NUM", "Exit NUM",
]

# None of these repeats a prefix of ``t_add_prefix`` or a suffix of ``t_add_suffix``.
PREFIXES_2 = ("dis out inter semi tri bi mono poly neo proto pseudo meta giga nano retro cyber eco bio "
              "geo tele trans post mid fore counter vice arch mr big tiny").split()
SUFFIXES_2 = ("ify ize oid ite ian ery age ous ic al en ling kin ee ina ito ita ski son berg stein ton "
              "shire ford burg mania phobia phile saurus tron matic 42 99 007").split()
