"""attuned.reports.tables: pandas' own table, with the caption and header scopes a screen reader needs.

What a table on an instructor's page must guarantee: its cells are exactly what pandas'
``DataFrame.to_html`` writes (formatting, NaN, escaping; nothing of ours in between), text reads back
as it was written and never as markup, the table has a ``<caption>`` naming it (escaped too), and
every header cell says what it heads (``scope="col"`` in the header rows, ``scope="row"`` for the
index column).
"""

from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from markupsafe import Markup

from attuned.reports.tables import TableError, table_html

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
    "object column": pd.DataFrame({"o": pd.Series([1, "a", None], dtype=object)}),
}


class _Table(HTMLParser):
    """The table as a browser reads it: caption, and every row as (tag, scope, text) with text unescaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.caption: list[str] = []
        self.captions = 0
        self.first_child: str | None = None
        self.rows: list[list[tuple[str, str | None, str]]] = []
        self.sections: list[str] = []
        self._cell: tuple[str, str | None, list[str]] | None = None
        self._in_caption = False
        self._in_table = False

    def handle_starttag(self, tag, attrs):
        if self._in_table and self.first_child is None:
            self.first_child = tag
        if tag == "table":
            self._in_table = True
        elif tag == "caption":
            self._in_caption = True
            self.captions += 1
        elif tag in ("thead", "tbody"):
            self.sections.append(tag)
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = (tag, dict(attrs).get("scope"), [])

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            kind, scope, text = self._cell
            self.rows[-1].append((kind, scope, "".join(text)))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.caption.append(data)
        elif self._cell is not None:
            self._cell[2].append(data)


def parsed(markup: str) -> _Table:
    table = _Table()
    table.feed(markup)
    return table


def texts(markup: str) -> list[list[tuple[str, str]]]:
    return [[(tag, text) for tag, _scope, text in row] for row in parsed(markup).rows]


@pytest.mark.parametrize("name", FRAMES)
@pytest.mark.parametrize(("index", "na_rep"), [(True, "NaN"), (False, "NaN"), (False, "—")])
def test_cells_are_pandas_own_and_the_rest_is_caption_and_scope(name, index, na_rep):
    frame = FRAMES[name]
    want = frame.to_html(index=index, na_rep=na_rep)
    got = table_html(frame, f"Table: {name}", index=index, na_rep=na_rep)
    assert isinstance(got, Markup)
    assert texts(got) == texts(want)
    without = str(got).replace(f"\n  <caption>Table: {name}</caption>", "")
    assert without.replace(' scope="col"', "").replace(' scope="row"', "") == want


@pytest.mark.parametrize("name", FRAMES)
@pytest.mark.parametrize("index", [True, False])
def test_every_table_has_its_caption_first_and_every_header_a_scope(name, index):
    table = parsed(table_html(FRAMES[name], "Scores <per> trainee & module", index=index))
    assert table.first_child == "caption" and table.captions == 1
    assert "".join(table.caption) == "Scores <per> trainee & module"
    for row, section in zip(table.rows, _row_sections(table_html(FRAMES[name], "c", index=index)), strict=True):
        in_head = section == "thead"
        for tag, scope, _text in row:
            if tag == "th":
                assert scope == ("col" if in_head else "row"), (name, row)
            else:
                assert scope is None and not in_head
    assert table.rows, "a header row at least"


def _row_sections(markup: str) -> list[str]:
    """thead or tbody for each row, in order."""
    out, section = [], ""
    for piece in markup.split("<"):
        if piece.startswith(("thead", "tbody")):
            section = piece[:5]
        elif piece.startswith("tr"):
            out.append(section)
    return out


def test_index_column_is_row_headers_and_columns_are_column_headers():
    frame = FRAMES["named index and columns"]
    rows = parsed(table_html(frame, "First responses by family")).rows
    assert rows[0] == [("th", "col", "family"), ("th", "col", "fix"), ("th", "col", "attuned <&>")]
    assert rows[1] == [("th", "col", "trainee"), ("th", "col", ""), ("th", "col", "")]
    assert rows[2] == [("th", "row", "t<1>"), ("td", None, "1"), ("td", None, "3")]
    assert rows[3] == [("th", "row", "t&2"), ("td", None, "2"), ("td", None, "4")]


def test_text_is_escaped_and_reads_back_as_written():
    frame = pd.DataFrame({"text": TEXT[:4]})
    markup = table_html(frame, "Trainee text", index=False)
    assert "<b>" not in markup and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in markup
    assert [row[0][1] for row in texts(markup)[1:]] == TEXT[:4]
    none_in_text = texts(table_html(FRAMES["text, NaN and numbers"], "t", index=False))[1:][6][0]
    assert none_in_text == ("td", "NaN")
    assert "<script>" not in table_html(frame, "<script>alert(1)</script>")


def test_numbers_as_pandas_prints_them_and_na_rep_for_missing():
    rows = texts(table_html(FRAMES["rounded floats"], "Difficulty", index=False, na_rep="—"))
    assert [row[0][1] for row in rows[1:]] == ["0.12", "12.50", "—"]


def test_a_multiindex_is_refused_with_its_caption_named():
    frame = pd.DataFrame({"a": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)]))
    with pytest.raises(TableError, match="'Nested'"):
        table_html(frame, "Nested")


@pytest.mark.parametrize("options", [("display.precision", 2), ("display.float_format", "{:.1f}".format),
                                     ("display.html.border", 0)])
def test_display_options_are_pandas_own_too(options):
    frame = FRAMES["text, NaN and numbers"]
    with pd.option_context(*options):
        assert texts(table_html(frame, "c")) == texts(frame.to_html())
