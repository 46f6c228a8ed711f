"""Family ``t_word_url``: build a web address, file name or path from a word."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_word_url", split="train", summary="turn a word into a URL, domain, file name or path")

PATTERNS = [
    ("https_com", "https://www.{w}.com", "a web address of the form https://www.WORD.com"),
    ("domain_org", "{w}.org", "a .org domain name"),
    ("domain_io", "{w}.io", "a .io domain name"),
    ("path", "/{w}", "a web path that starts with a slash"),
    ("txt", "{w}.txt", "a text file name ending in .txt"),
    ("py", "{w}.py", "a Python file name ending in .py"),
    ("json_file", "{w}.json", "a JSON file name ending in .json"),
    ("hashtag_url", "https://example.com/tags/{w}", "a tag page URL on example.com"),
    ("email", "{w}@example.com", "an email address at example.com"),
    ("dir", "./{w}/", "a relative folder path such as ./WORD/"),
]
for name, pattern, what in PATTERNS:
    sample = pattern.format(w="cat")
    FAMILY.add(
        f"word_url_{name}", D["word"], lambda w, p=pattern: p.format(w=w),
        [f"turn the word into {what}", f"build {what} from the word",
         f"make text like {sample} from the word"],
        only(f"the result, such as {sample}"),
    )
