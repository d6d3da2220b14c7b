"""A table as read from a Word, Excel or CSV file, each cell with the place a person sees it in that program."""

from __future__ import annotations

from dataclasses import dataclass, field


def column_letter(col: int) -> str:
    """Excel's name of a 1-based column: 1 → A, 27 → AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, order=True)
class At:
    """Where a cell is, as a person finds it: `表2 第15行 第3列` in Word (tables and rows counted from 1, the
    header rows included), `Sheet1!C15` in Excel, `第15行 第3列` in a CSV file. Sorts in reading order."""

    file: str  # the file's name, as given on the command line
    table: int = 0  # Word: the table's number in the document; Excel: the sheet's; CSV: 0
    row: int = 0  # 1-based; 0: the whole table
    col: int = 0  # 1-based; 0: the whole row
    kind: str = field(default="word", compare=False)  # word, excel or csv
    sheet: str = field(default="", compare=False)  # Excel: the sheet's name

    def __str__(self) -> str:
        return f"{self.file}:{self.place()}" if self.place() else self.file

    def place(self) -> str:
        if self.kind == "excel":
            if not self.row:
                return self.sheet
            cell = f"{column_letter(self.col)}{self.row}" if self.col else f"{self.row}:{self.row}"
            return f"{self.sheet}!{cell}"
        parts = [f"表{self.table}"] if self.kind == "word" and self.table else []
        if self.row:
            parts.append(f"第{self.row}行")
        if self.col:
            parts.append(f"第{self.col}列")
        return " ".join(parts)


@dataclass(frozen=True)
class Cell:
    """One cell's text as the file holds it (a Word cell's paragraphs joined by newlines; an Excel number as
    the text Excel shows), and where it is. A merged cell is one Cell, repeated in each place it covers."""

    text: str
    at: At


@dataclass
class Table:
    """The rows of one table (Word) or sheet (Excel, CSV), top to bottom, each a list of its cells left to
    right; `before` holds the document's paragraphs between the previous table and this one (a caption such
    as 附件1 or the table's title), for telling the tables apart."""

    at: At  # the table as a whole (row 0)
    rows: list[list[Cell]]
    before: list[str] = field(default_factory=list)
    hidden: bool = False  # Excel: a hidden sheet, which the person looking at the workbook does not see


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in an imported file, at the cell (or the YAML line, for a file the import did not
    write) where the editor can fix it."""

    at: At | str  # a cell, or a data file's `path:line:col` for a problem in a file the import did not write
    message: str  # a plain Chinese sentence, naming the record and what was expected

    def __str__(self) -> str:
        return f"{self.at}:{self.message}"


class ImportFailed(Exception):
    """Raised with every problem an import found, so that all are reported at once; nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = sorted(problems, key=reading_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def reading_order(problem: ImportProblem) -> tuple[int, str, At]:
    """Cells first, in reading order; then the problems in data files, by path, line and column."""
    if isinstance(problem.at, At):
        return (0, "", problem.at)
    return (1, problem.at, At(""))


# What an export writes: the same blocks for Word (word.write) and Excel (excel.write).
@dataclass(frozen=True)
class Paragraph:
    """A line of the document outside the tables: its title, document number, a caption (附件1)."""

    text: str
    heading: bool = False  # the document's title, or a table's title


@dataclass(frozen=True)
class Grid:
    """A table to write: its rows of cell texts (header rows first), and its merged cells as 0-based inclusive
    (first row, first column, last row, last column); a merged cell's text is in its first row and column.
    `name` names the sheet in Excel (重点工作, 民生实事); Word writes the blocks in order."""

    name: str
    rows: list[list[str]]
    header_rows: int = 1
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
