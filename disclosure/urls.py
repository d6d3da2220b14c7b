"""The one owner of every page's URL and output file. The scheme is documented in README.md.

Paths here are relative to the site root and end in "/" for pages; the base path
(for example "/repo/" on a GitHub Pages project site) is added only when linking.
"""

from __future__ import annotations

from typing import NamedTuple

from disclosure.model import Area, Category, Edition, Indicator, Item, ProgressReport, Section, Task, Unit

HOME = ""
DEPARTMENTS = "departments/"
DISTRICTS = "districts/"
SEARCH = "search/"
DOWNLOADS = "data/"  # the downloads page, in the folder that holds the files
NOT_FOUND_FILE = "404.html"
SITEMAP_FILE = "sitemap.xml"


def edition(ed: Edition) -> str:
    return f"{ed.year}/"


def source(ed: Edition) -> str:
    return f"{ed.year}/source/"


def checks(ed: Edition) -> str:
    return f"{ed.year}/checks/"


def sums(ed: Edition, page: int = 1) -> str:
    """The rows whose area figures do not add up to the citywide target, on pages of their own when more than
    PER_PAGE (else they are on the data-check page)."""
    return paged(f"{ed.year}/checks/sums/", page)


def source_text(ed: Edition) -> str:
    return f"{ed.year}/source.txt"


# Long indexes are paginated in the document's own order, PER_PAGE records a page: records 1–200 on the
# first page, at the index's own URL, 201–400 at page/2/, and so on. A record's number never changes once
# published, so neither does the page it is on; an index of PER_PAGE records or fewer is one page, as before.
PER_PAGE = 200


def paged(first: str, page: int) -> str:
    """Page `page` of an index whose first page is at `first`: 2023/tasks/ -> 2023/tasks/page/2/."""
    return first if page == 1 else f"{first}page/{page}/"


def page_of(position: int) -> int:
    """The page (from 1) of an index that the record at `position` (from 0, in the document's order) is on."""
    return position // PER_PAGE + 1


def tasks(ed: Edition, page: int = 1) -> str:
    return paged(f"{ed.year}/tasks/", page)


def section(ed: Edition, s: Section) -> str:
    """A section's heading on the task index: on the page of its first task."""
    first = next((n for n, t in enumerate(ed.tasks) if t.section == s), 0)
    return f"{tasks(ed, page_of(first))}#section-{s.no}"


def task(t: Task) -> str:
    return f"{t.year}/tasks/{t.ref}/"


def projects(ed: Edition, page: int = 1) -> str:
    return paged(f"{ed.year}/projects/", page)


def project(item: Item) -> str:
    return f"{item.year}/projects/{item.no}/"


def category(c: Category) -> str:
    """A category's heading on the project index: on the page of its first item (items are numbered from 1)."""
    return f"{paged(f'{c.year}/projects/', page_of(max(c.first, 1) - 1))}#category-{c.no}"


def indicator(ind: Indicator) -> str:
    return f"{ind.year}/projects/{ind.item_no}/#row-{ind.row}"


def progress(ed: Edition) -> str:
    """The edition's progress reports (进展通报), newest first."""
    return f"{ed.year}/progress/"


def report(r: ProgressReport) -> str:
    """One progress report, addressed by its file's name: data/2024/progress/2024-h1.yaml -> 2024/progress/2024-h1/."""
    return f"{r.year}/progress/{r.slug}/"


def department(u: Unit) -> str:
    return f"departments/{u.slug}/"


def district(a: Area) -> str:
    return f"districts/{a.slug}/"


# A department's or district's list of one year longer than PER_PAGE is not on its page but on pages of its own,
# paginated as the indexes are; the record's page says how many there are and links to them.
UNIT_LISTS = ("led", "co")  # the tasks it leads, the tasks it takes part in without leading
AREA_LISTS = ("tasks", "rows")  # the tasks its government or zone is responsible for, its indicator rows


def department_list(u: Unit, ed: Edition, which: str, page: int = 1) -> str:
    """A unit's tasks of one year (which: led, co): departments/<slug>/2023/led/."""
    return paged(f"{department(u)}{ed.year}/{which}/", page)


def district_list(a: Area, ed: Edition, which: str, page: int = 1) -> str:
    """An area's tasks or indicator rows of one year (which: tasks, rows): districts/<slug>/2023/rows/."""
    return paged(f"{district(a)}{ed.year}/{which}/", page)


def data_file(ed: Edition, name: str) -> str:
    return f"data/{ed.year}/{name}"


def schema(name: str) -> str:
    """The JSON Schema of a data file ("tasks.yaml") or of a published file ("tasks.json")."""
    return f"data/schemas/{name}.schema.json"


def output_file(path: str) -> str:
    """Map a page path ("2023/tasks/17/") to the file that serves it ("2023/tasks/17/index.html")."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def link(base: str, path: str) -> str:
    """Join the configured base path ("/" or "/repo/") and a site path."""
    return base + path


class Pager(NamedTuple):
    """Where one page of a paginated index is: its number, the records it holds (from 1, in the document's
    order) and the pages its pager links to (0 for a gap: the first, the last and two either side are linked).
    Not a dataclass: a page showing one is an index, not a record's page (tools/incremental.shows_a_record)."""

    first_page: str  # the index's own URL, its page 1
    number: int
    pages: int
    first: int
    last: int
    total: int

    @property
    def path(self) -> str:
        return paged(self.first_page, self.number)

    @property
    def previous(self) -> str | None:
        return paged(self.first_page, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return paged(self.first_page, self.number + 1) if self.number < self.pages else None

    @property
    def links(self) -> tuple[tuple[int, str], ...]:
        """(number, path) of each page the pager names, (0, "") where it leaves a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.number - 2), min(self.pages, self.number + 2) + 1)})
        out: list[tuple[int, str]] = []
        for n in shown:
            if out and n > out[-1][0] + 1:
                out.append((0, ""))
            out.append((n, paged(self.first_page, n)))
        return tuple(out)


def pagination(first_page: str, total: int) -> tuple[Pager, ...]:
    """The pages of an index of `total` records whose first page is at `first_page`: one page (at that URL)
    for PER_PAGE records or fewer."""
    pages = max(1, -(-total // PER_PAGE))
    return tuple(
        Pager(first_page, n, pages, (n - 1) * PER_PAGE + 1, min(n * PER_PAGE, total), total)
        for n in range(1, pages + 1)
    )
