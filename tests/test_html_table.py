"""attuned.reports.html_table writes the table ``DataFrame.to_html`` writes: same string, same parsed cells."""

from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from attuned.reports.html_table import to_html

TEXT = ["plain", "<b>bold</b> & co", 'say "hi"', "it's", "a  b", "tab\there", None]

FRAMES = {
    "text, NaN and numbers": pd.DataFrame({"text": TEXT, "score": [1.5, np.nan, 2.25, 0.1, 100.0, -0.0, 3.0],
                                           "count": range(7), "flag": [True, False] * 3 + [True]}),
    "named index and columns": pd.DataFrame({"fix": [1, 2], "attuned <&>": [3, 4]},
                                            index=pd.Index(["t<1>", "t&2"], name="trainee")).rename_axis("family", axis=1),
    "named columns only": pd.DataFrame({"x": [0.25, 0.5]}).rename_axis("quality", axis=1),
    "rounded floats": pd.DataFrame({"d": [0.123456, 12.5, np.nan]}).round(2),
    "tiny and huge floats": pd.DataFrame({"tiny": [1e-8, 1.0], "huge": [1234567.891, 2.0], "inf": [np.inf, -np.inf]}),
    "no rows": pd.DataFrame({"a": pd.Series([], dtype="str"), "b": pd.Series([], dtype=float)}),
    "wide, all NaN": pd.DataFrame([[np.nan] * 30], columns=[f"t{i}" for i in range(30)]),
    "MultiIndex (pandas writes it)": pd.DataFrame({"a": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)])),
    "object column (pandas writes it)": pd.DataFrame({"o": pd.Series([1, "a", None], dtype=object)}),
}


class _Cells(HTMLParser):
    """Every table row as (tag, text) pairs, the text unescaped, as a browser (or read_html) reads it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append((tag, "".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def cells(markup: str) -> list[list[tuple[str, str]]]:
    parser = _Cells()
    parser.feed(markup)
    return parser.rows


@pytest.mark.parametrize("name", FRAMES)
@pytest.mark.parametrize(("index", "na_rep"), [(True, "NaN"), (False, "NaN"), (False, "—")])
def test_same_table_as_pandas(name, index, na_rep):
    frame = FRAMES[name]
    want = frame.to_html(index=index, na_rep=na_rep)
    got = to_html(frame, index=index, na_rep=na_rep)
    assert cells(got) == cells(want)
    assert got == want


def test_text_is_escaped_and_reads_back_as_written():
    frame = pd.DataFrame({"text": TEXT[:4]})
    markup = to_html(frame, index=False)
    assert "<b>" not in markup and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in markup
    assert [row[0][1] for row in cells(markup)[1:]] == TEXT[:4]
    assert cells(to_html(FRAMES["text, NaN and numbers"], index=False))[1:][6][0] == ("td", "NaN")  # None in a text column


@pytest.mark.parametrize("options", [("display.precision", 2), ("display.float_format", "{:.1f}".format),
                                     ("display.html.border", 0)])
def test_other_display_options_give_pandas_table_too(options):
    frame = FRAMES["text, NaN and numbers"]
    with pd.option_context(*options):
        assert to_html(frame) == frame.to_html()
