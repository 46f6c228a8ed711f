"""Family ``date_styles``: rewrite an ISO date in other numeric styles."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "date_styles", split="train", summary="ISO dates in slash, dot, compact and year-first styles"
)

_STYLES = [
    ("date_to_ymd_slash", "%Y/%m/%d", "YYYY/MM/DD", "with slashes, year first"),
    ("date_to_dmy_dots", "%d.%m.%Y", "DD.MM.YYYY", "with dots, day first"),
    ("date_to_compact", "%Y%m%d", "YYYYMMDD", "as eight digits with no separators"),
    ("date_to_dmy_dash", "%d-%m-%Y", "DD-MM-YYYY", "with dashes, day first"),
]
for _tid, _fmt, _shape, _said in _STYLES:
    FAMILY.add(
        _tid,
        D["date"],
        lambda d, f=_fmt: d.strftime(f),
        [f"rewrite the date {_said}", f"reformat the date as {_shape}"],
        only(f"the date as {_shape}"),
    )
