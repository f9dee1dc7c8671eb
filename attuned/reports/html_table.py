"""A DataFrame as an HTML table: the markup ``DataFrame.to_html`` writes, without its cost.

pandas formats and escapes every cell through several layers of general machinery: the cohort
report's tables for 1,000 trainees (~24,000 rows) took ~0.6 s of ``to_html``. The report's frames
are simple (one index level, one column level; numbers, booleans and text), and for those
:func:`to_html` writes the same string pandas does, byte for byte, under pandas' default display
options (any ``display.precision``): floats as pandas prints a column of them, text escaped the same way (``&``, ``<``, ``>``;
tab, CR and LF shown as ``\\t``, ``\\r``, ``\\n``), the same header rows for named indexes. Any
other frame (a MultiIndex, dates, categories, mixed objects), or other display options, is handed
to ``DataFrame.to_html``. pandas is imported inside the function (``import attuned`` stays light).
"""

from __future__ import annotations

import html
import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas

_DECIMAL = re.compile(r"^\s*[+-]?[0-9]+\.[0-9]*$")  # pandas' test for "a number whose zeros may be trimmed"
_CONTROL = str.maketrans({"\t": r"\t", "\r": r"\r", "\n": r"\n"})
#: Display options this writer assumes (pandas' defaults); with any other value pandas writes the table.
#: ``display.precision`` is honoured.
_ASSUMED = {"display.float_format": None, "display.chop_threshold": None, "display.html.border": 1,
            "display.colheader_justify": "right", "display.html.use_mathjax": True}


def to_html(frame: pandas.DataFrame, *, index: bool = True, na_rep: str = "NaN") -> str:
    """``frame.to_html(index=index, na_rep=na_rep)``, written directly for frames it can handle."""
    import pandas as pd

    labels = [frame.columns, frame.index] if index else [frame.columns]
    plain = (frame.shape[1] > 0 and not any(isinstance(i, pd.MultiIndex) for i in labels)
             and all(_kind(dtype) for dtype in [*frame.dtypes, *(i.dtype for i in labels)])
             and all(pd.get_option(option) == value for option, value in _ASSUMED.items()))
    if not plain:
        return frame.to_html(index=index, na_rep=na_rep)
    digits = pd.get_option("display.precision")
    columns = [_texts(frame.iloc[:, i], na_rep, index, digits) for i in range(frame.shape[1])]
    named_columns = frame.columns.name is not None
    # pandas' layout: a first column of <th> holds the index, or is left blank when only the
    # columns have a name (that name heads it); the index's name gets a header row of its own.
    if index:
        first = [_texts(frame.index, "NaN", True, digits)]
    else:
        first = [[""] * len(frame)] if named_columns else []
    header = [_name(frame.columns.name, digits)] if first else []
    header += [str(c) for c in frame.columns]
    lines = ['<table border="1" class="dataframe">', "  <thead>", *_row(header, len(header), '<tr style="text-align: right;">')]
    if index and frame.index.name is not None:
        lines += _row([_name(frame.index.name, digits)] + [""] * frame.shape[1], frame.shape[1] + 1)
    lines += ["  </thead>", "  <tbody>"]
    for cells in zip(*first, *columns, strict=True):
        lines += _row(cells, len(first))
    lines += ["  </tbody>", "</table>"]
    return "\n".join(lines)


def _row(cells: Iterable[str], heads: int, start: str = "<tr>") -> list[str]:
    """One ``<tr>``: the first ``heads`` cells are ``<th>``, the rest ``<td>``, indented as pandas does."""
    out = [f"    {start}"]
    for i, text in enumerate(cells):
        tag = "th" if i < heads else "td"
        out.append(f"      <{tag}>{html.escape(text, quote=False).strip().replace('  ', '&nbsp;&nbsp;')}</{tag}>")
    out.append("    </tr>")
    return out


def _kind(dtype) -> str:
    """The formatting rule for a dtype this writer handles ("float", "int" for ints and bools, "text"), else ""."""
    import pandas as pd

    if isinstance(dtype, pd.StringDtype):
        return "text"
    kind = getattr(dtype, "kind", "") if not isinstance(dtype, pd.api.extensions.ExtensionDtype) else ""
    return {"f": "float", "i": "int", "u": "int", "b": "int"}.get(kind, "")


def _name(name, digits: int) -> str:
    """An index's or columns' name as pandas shows it in the header (None → blank)."""
    if name is None:
        return ""
    if isinstance(name, float) and not math.isnan(name):
        return _floats([name], "NaN", False, digits)[0]
    return str(name).translate(_CONTROL)


def _texts(values: pandas.Series | pandas.Index, na_rep: str, leading_space: bool, digits: int) -> list[str]:
    """Every value of one column (or the index) as pandas formats it for display."""
    kind = _kind(values.dtype)
    items = values.tolist()
    if kind == "float":
        return _floats(items, na_rep, leading_space, digits)
    if kind == "int":
        return [str(v) for v in items]
    return [na_rep if isinstance(v, float) and math.isnan(v) else str(v).translate(_CONTROL) for v in items]


def _floats(values: list[float], na_rep: str, leading_space: bool, digits: int) -> list[str]:
    """pandas' float column: each value with ``digits`` decimals, then the trailing zeros that every
    number has trimmed off all of them (one decimal kept); scientific notation instead if a value
    would show as 0, or if the column is too wide and holds a value above a million."""
    space = " " if leading_space else ""

    def formatted(style: str) -> list[str]:
        return _trim_zeros([na_rep if math.isnan(v) else f"{v:{space}.{digits}{style}}" for v in values])

    out = formatted("f")
    sizes = [abs(v) for v in values if not math.isnan(v)]
    too_long = bool(out) and max(len(t) for t in out) > digits + 6
    if any(0 < s < 10 ** (-digits) for s in sizes) or (too_long and any(s > 1e6 for s in sizes)):
        out = formatted("e")
    return out


def _trim_zeros(texts: list[str]) -> list[str]:
    """pandas' ``_trim_zeros_float``: cut the trailing zeros all decimal numbers share, keep one decimal."""
    numbers = [i for i, t in enumerate(texts) if _DECIMAL.match(t)]
    if not numbers:
        return texts
    cut = min(len(texts[i]) - len(texts[i].rstrip("0")) for i in numbers)
    out = list(texts)
    for i in numbers:
        trimmed = out[i][: len(out[i]) - cut]
        out[i] = trimmed + "0" if trimmed.endswith(".") else trimmed
    return out
