"""The one owner of every page's URL and output file. The scheme is documented in README.md.

Paths here are relative to the site root and end in "/" for pages; the base path
(for example "/repo/" on a GitHub Pages project site) is added only when linking.
"""

from __future__ import annotations

from disclosure.model import Area, Category, Edition, Indicator, Item, ProgressReport, Task, Unit

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


def source_text(ed: Edition) -> str:
    return f"{ed.year}/source.txt"


def tasks(ed: Edition) -> str:
    return f"{ed.year}/tasks/"


def task(t: Task) -> str:
    return f"{t.year}/tasks/{t.ref}/"


def projects(ed: Edition) -> str:
    return f"{ed.year}/projects/"


def project(item: Item) -> str:
    return f"{item.year}/projects/{item.no}/"


def category(c: Category) -> str:
    return f"{c.year}/projects/#category-{c.no}"


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
