"""Family ``t2_name_style``: write a full name in another style (abbreviated, as an address, a handle...)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t2_name_style", split="train",
                summary="rewrite a full name as an abbreviation, a title, a user name or an email address")

# (task id, answer from (first, last), actions, format, cased metric)
STYLES = [
    ("name_f_surname", lambda f, s: f"{f[0]}. {s}",
     ["shorten the first name to its initial and keep the surname", "write the name as initial, full stop, "
      "surname", "abbreviate the given name to one letter"], "the name like 'A. Smith'", False),
    ("name_surname_comma_f", lambda f, s: f"{s}, {f[0]}.",
     ["write the surname, a comma and the first initial", "put the family name first and shorten the first "
      "name to its initial", "give the name in library style, surname then initial"],
     "the name like 'Smith, A.'", False),
    ("name_surname_f", lambda f, s: f"{s} {f[0]}.",
     ["write the surname followed by the first initial", "give the family name and then the initial of the "
      "first name", "list the name as surname and initial, without a comma"],
     "the name like 'Smith A.'", False),
    ("name_first_l", lambda f, s: f"{f} {s[0]}.",
     ["keep the first name and shorten the surname to its initial", "write the first name and the initial of "
      "the surname", "abbreviate the family name to one letter"], "the name like 'Anna S.'", False),
    ("name_initials_plain", lambda f, s: f"{f[0]}{s[0]}",
     ["give the two initials with nothing between them", "write the initials as two capital letters",
      "turn the name into bare initials"], "two capital letters such as AS", True),
    ("name_initials_spaced", lambda f, s: f"{f[0]}. {s[0]}.",
     ["give the initials with a full stop and a space after the first", "write the initials spaced out "
      "with full stops", "abbreviate both names to spaced initials"], "the initials like 'A. S.'", True),
    ("name_email_dot", lambda f, s: f"{f.lower()}.{s.lower()}@example.com",
     ["make an example.com email address of the form first.last", "build the work email address "
      "first.last@example.com from the name", "turn the name into a dotted email address at example.com"],
     "the address like 'anna.smith@example.com'", False),
    ("name_email_initial", lambda f, s: f"{f[0].lower()}{s.lower()}@example.com",
     ["make an example.com email address from the first initial and the surname", "build the address "
      "initial plus surname at example.com", "write the email flast@example.com for the person"],
     "the address like 'asmith@example.com'", False),
    ("name_username", lambda f, s: f"{f.lower()}_{s.lower()}",
     ["turn the name into a lowercase user name joined by an underscore", "make a user name first_last "
      "from the name", "write the name in lowercase with an underscore instead of the space"],
     "the user name like 'anna_smith'", True),
    ("name_handle", lambda f, s: f"@{f.lower()}{s.lower()}",
     ["turn the name into a social media handle", "write an @ handle made of the whole name in lowercase",
      "make the name an @-mention with no space"], "the handle like '@annasmith'", True),
    ("name_hashtag", lambda f, s: f"#{f}{s}",
     ["turn the name into a hashtag", "write the name as one hashtag with both parts capitalised",
      "make a # tag of the full name without the space"], "the hashtag like '#AnnaSmith'", True),
    ("name_doctor", lambda f, s: f"Dr. {s}",
     ["address the person as a doctor using the surname", "write Dr. before the surname",
      "give the doctor's title with the family name"], "the name like 'Dr. Smith'", False),
    ("name_professor", lambda f, s: f"Prof. {f} {s}",
     ["put the title Prof. in front of the full name", "address the person as a professor with the whole "
      "name", "write the full name with Prof. before it"], "the name like 'Prof. Anna Smith'", False),
    ("name_upper_full", lambda f, s: f"{f} {s}".upper(),
     ["write the whole name in capital letters", "give the full name in uppercase",
      "capitalise every letter of the name"], "the name like 'ANNA SMITH'", True),
    ("name_lower_full", lambda f, s: f"{f} {s}".lower(),
     ["write the whole name in small letters", "give the full name in lowercase",
      "remove all capitals from the name"], "the name like 'anna smith'", True),
    ("name_surname_first", lambda f, s: f"{s} {f}",
     ["swap the first name and the surname without a comma", "write the family name first and then the "
      "given name", "reverse the order of the two names"], "the name like 'Smith Anna'", False),
    ("name_slug", lambda f, s: f"{f.lower()}-{s.lower()}",
     ["turn the name into a lowercase web slug joined by a dash", "make a URL slug first-last from the name",
      "write the name in lowercase with a dash instead of the space"], "the slug like 'anna-smith'", True),
]
for task_id, fn, actions, fmt, cased in STYLES:
    FAMILY.add(
        task_id, D["fullname"], lambda t, fn=fn: fn(*t), actions, only(fmt),
        metric="exact_match_cased" if cased else None,
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('name_initials_plain', taught_by='name_styles')
