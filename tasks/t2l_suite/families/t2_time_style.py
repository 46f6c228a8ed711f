"""Family ``t2_time_style``: rewrite a 24-hour clock time in another written style."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t2_time_style", split="train",
                summary="rewrite a clock time with other separators, seconds, padding or a.m./p.m.")


def _pm(h: int, m: int) -> str:
    return f"{(h % 12) or 12}.{m:02d} {'a.m.' if h < 12 else 'p.m.'}"


# (task id, answer from (hour, minute), style named in the actions, example for 14:05)
STYLES = [
    ("time_h_separator", lambda h, m: f"{h:02d}h{m:02d}", "HHhMM, with an h between hours and minutes",
     "14h05"),
    ("time_dot", lambda h, m: f"{h:02d}.{m:02d}", "HH.MM with a dot", "14.05"),
    ("time_compact", lambda h, m: f"{h:02d}{m:02d}", "HHMM with no separator", "1405"),
    ("time_seconds", lambda h, m: f"{h:02d}:{m:02d}:00", "HH:MM:SS with zero seconds", "14:05:00"),
    ("time_unpadded", lambda h, m: f"{h}:{m:02d}", "H:MM without a leading zero on the hour", "9:05"),
    ("time_military", lambda h, m: f"{h:02d}{m:02d} hours", "military time, HHMM followed by 'hours'",
     "1405 hours"),
    ("time_iso_t", lambda h, m: f"T{h:02d}:{m:02d}", "the ISO time part with a leading T", "T14:05"),
    ("time_dotted_pm", _pm, "a 12-hour time with a dot, followed by a.m. or p.m", "2.05 p.m."),
    ("time_h_min", lambda h, m: f"{h} h {m} min", "'H h M min' with unpadded numbers", "14 h 5 min"),
]
for task_id, fn, style, ex in STYLES:
    FAMILY.add(
        task_id, D["time"], lambda t, fn=fn: fn(*t),
        [f"rewrite the time as {style}", f"convert the clock time to {style}",
         f"format the time as {style}"],
        only(f"the time written like '{ex}'"),
    )
FAMILY.drop('time_military', taught_by='time_styles')
