"""CSV cannot run formulas: no text cell of a download begins with = + - @, a tab or a carriage return.

Validation refuses such text (validate.py, Checker.text). csv_bytes refuses it again, as a second lock
that no future field can slip past, naming the file, row and column; it never changes a cell, so every
cell is exactly the data's text, and numbers stay numbers. The downloads page says so.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.build.pipeline import render_site
from disclosure.config import Config
from disclosure.errors import BuildError
from disclosure.model import Site
from disclosure.outputs.opendata import FORMULA_START, csv_bytes

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["no", "text", "note"]


def cells(data: bytes) -> list[list[str]]:
    """The cells of a CSV download, as a spreadsheet or any CSV reader reads them."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("https://example.com","点击")', "="),
        ("+1", "+"),
        ("-1", "-"),
        ("@SUM(A1:A9)", "@"),
        ("\t=1", "a tab"),
        ("\r=1", "a carriage return"),
    ],
)
def test_a_text_cell_beginning_a_formula_is_refused_naming_file_row_and_column(value: str, shown: str) -> None:
    with pytest.raises(BuildError) as error:
        csv_bytes(HEADER, [[1, "研发投入", None], [2, "稳就业", value]], "data/2023/tasks.csv")
    assert str(error.value) == (
        f"data/2023/tasks.csv: row 3 (the header is row 1), column note: found a cell beginning with {shown}, "
        f"{value!r}, expected none to begin with = + - @, a tab or a carriage return (a spreadsheet would run "
        "it as a formula); the validation of data/ should have refused this text (validate.py, Checker.text)"
    )


def test_a_header_cell_is_locked_too() -> None:
    """A column named after an area (livelihood.csv): the area's name is text from data/ too."""
    with pytest.raises(BuildError, match=r"^data/2023/livelihood\.csv: row 1 \(the header is row 1\), column =x:"):
        csv_bytes(["year", "=x"], [[2023, "8"]], "data/2023/livelihood.csv")


def test_numbers_stay_numbers_and_text_is_written_as_it_is() -> None:
    """A negative number is a number, not text; = + - @ inside a text, after a comma, are no formula."""
    rows = [[-5, "a,-b", "甲,=乙"], [0, '"=x"', None], [3, "a\r\n=b", "x"]]
    data = csv_bytes(HEADER, rows, "data/x.csv")
    assert cells(data) == [HEADER, ["-5", "a,-b", "甲,=乙"], ["0", '"=x"', ""], ["3", "a\r\n=b", "x"]]


SAFE_TEXT = st.text(min_size=1).filter(lambda t: not t.startswith(FORMULA_START))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(rows=st.lists(st.lists(st.one_of(SAFE_TEXT, st.integers(), st.none()), min_size=3, max_size=3), max_size=8))
def test_every_other_cell_is_written_exactly(rows: list[list[object]]) -> None:
    """Any text that does not begin a formula, and any number, reads back as written: nothing is added."""
    data = csv_bytes(HEADER, rows, "data/x.csv")
    assert cells(data) == [HEADER, *[["" if v is None else str(v) for v in row] for row in rows]]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    before=st.lists(st.lists(SAFE_TEXT, min_size=3, max_size=3), max_size=4),
    start=st.sampled_from(FORMULA_START),
    rest=st.text(),
    column=st.integers(0, 2),
)
def test_every_formula_cell_is_found_wherever_it_is(
    before: list[list[str]], start: str, rest: str, column: int
) -> None:
    row = ["稳", "就", "业"]
    row[column] = start + rest
    with pytest.raises(BuildError, match=rf"^data/x\.csv: row {len(before) + 2} \(the header is row 1\), column "):
        csv_bytes(HEADER, [*before, row], "data/x.csv")


def test_the_downloads_page_says_no_cell_begins_a_formula(fixture_model: Site, fixture_project: Path) -> None:
    pages = render_site(fixture_model, fixture_project, Config())
    note = BeautifulSoup(pages["data/index.html"], "html.parser").find(id="no-formulas")
    text = note.get_text()
    assert "以等号“=”、加号“+”、减号“-”、at 符号“@”、制表符或回车开头" in text  # large enough to read: no <code>
    assert "制表符或回车开头" in text and "不接受以这些字符开头的文字" in text and "与数据原文一字不差" in text
