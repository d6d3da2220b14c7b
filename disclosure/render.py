"""Render every page of the site into memory: {output path: bytes}."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import simplejson
from markupsafe import Markup

from . import changelog, charts, feeds, inputs, metadata, opendata, urls
from .errors import BuildError, DataError
from .model import Edition, Figure, Site, Withdrawal, plain
from .schema import schema_files

SITE_NAME = "嘉兴市政府重点工作和民生实事责任公开"


@dataclass(frozen=True)
class Config:
    """What varies between deployments: where the site lives."""

    base_path: str = "/"  # "/" or "/<repo>/" for a GitHub Pages project site
    site_url: str = "http://127.0.0.1:8000"  # scheme and host, for the sitemap
    script_hashes: tuple[str, ...] = ()  # extra CSP script hashes: only the dev server's live-reload snippet
    dev: bool = False  # pages load the dev server's error overlay (make serve only)


DEV_FILES = (Path(__file__).with_name("overlay.js"), Path(__file__).with_name("overlay.css"))


@dataclass(frozen=True)
class Page:
    """An HTML page to render: its path in the site, output file, template, context and source record."""

    path: str  # "2023/tasks/17/"
    file: str  # "2023/tasks/17/index.html"
    template: str
    context: dict
    source: str


class Plan:
    """Every file of the site and where it comes from, known before any page is rendered: the HTML
    pages still to render, and the bytes of every other file (data, feeds, static files, sitemap)."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}  # output file -> what writes it
        self.pages: list[Page] = []
        self.files: dict[str, bytes] = {}

    def claim(self, path: str, source: str) -> str:
        """The output file for path, refused if another record already writes it."""
        path = urls.output_file(path)
        if path in self.sources:
            raise BuildError(
                f"{source} and {self.sources[path]} would both write {path}; give one of them another slug or number"
            )
        self.sources[path] = source
        return path

    def page(self, path: str, template: str, context: dict, source: str) -> None:
        self.pages.append(Page(path, self.claim(path, source), template, context, source))

    def file(self, path: str, content: bytes, source: str) -> None:
        self.files[self.claim(path, source)] = content


class Pages(dict[str, bytes]):
    """The whole site in memory, by output file (the dev server and `build.py changes`)."""

    sources: dict[str, str]


def number(value: Decimal | Figure | int | None) -> str:
    """Format an exact number without float noise or a trailing .0; '/' for no target."""
    if isinstance(value, Figure):
        return value.text
    if value is None:
        return "/"
    if isinstance(value, int):
        return str(value)
    return plain(value)


TEMPLATE_OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


class BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates (a private folder in the system's temporary directory): compiling
    ours takes 0.16 s, loading them 0.01 s. Jinja keys it by template source only, but the compiled code
    also depends on the options, the Config and our code, since filters on constants ('static/style.css'|url)
    are computed at compile time; so all three are part of the key."""

    def __init__(self, config: Config) -> None:
        super().__init__()
        code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py"))))
        self.variant = f"{sorted(TEMPLATE_OPTIONS.items())}|{config}|{code.hexdigest()}"

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{name}|{self.variant}", filename)


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading through inputs.read_bytes: a template that is a link, or sits in a linked
    folder, is refused rather than followed."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        root = Path(self.searchpath[0])
        name = "/".join(jinja2.loaders.split_template_path(template))  # refuses ".." segments
        path = root / name
        try:
            text = inputs.read_bytes(root.parent, f"{root.name}/{name}").decode("utf-8")
        except DataError as e:
            raise jinja2.TemplateError(str(e)) from None
        except UnicodeDecodeError as e:
            raise jinja2.TemplateError(f"{root.name}/{name}: not UTF-8 (byte {e.start}), expected UTF-8") from None
        except OSError:  # missing, or a name no file can have (a file used as a folder, too long)
            raise jinja2.TemplateNotFound(template) from None
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:  # deleted since: load it again, and say then that it is missing
                return False

        return text, str(path), uptodate


NO_TARGET = Markup('<span class="no-target">无目标<span class="raw">(原表为“/”)</span></span>')


def figure(f: Figure) -> Markup | str:
    """A figure on a page: the number as written, or the marker for "/" (no target), never 0."""
    return NO_TARGET if f.value is None else f.text


def environment(templates: Path, config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=TemplateLoader(templates),
        undefined=jinja2.StrictUndefined,
        auto_reload=config.dev,  # only the dev server's environment outlives a template edit
        bytecode_cache=BytecodeCache(config),
        **TEMPLATE_OPTIONS,
    )
    base = config.base_path
    env.filters["url"] = lambda path: urls.link(base, path)
    env.filters["permalink"] = env.globals["permalink"] = lambda path: (
        config.site_url.rstrip("/") + urls.link(base, path)
    )
    env.filters["num"] = number
    env.filters["figure"] = figure  # a filter, not a macro: a macro call per cell was half a district page's time
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # |tojson: JSON-LD in Chinese
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *(f"'{h}'" for h in config.script_hashes)])
    env.globals.update(urls=urls, base=base, site_name=SITE_NAME, script_src=script_src, dev=config.dev)
    env.globals.update(breakdown_chart=charts.breakdown_chart, share_chart=charts.share_chart)
    env.globals.update(task_key=changelog.task_key, item_key=changelog.item_key, history=changelog.UNAVAILABLE)
    env.globals.update(feed_path=feeds.feed_path, ld=metadata, site_domain=urlsplit(config.site_url).hostname or "")
    return env


class Fragments:
    """Parts of pages that are the same on many of them (header, footer), each rendered once per build
    for each distinct set of values: {{ fragment("_footer.html") }}. The values (hashable) are the only
    page-specific input a fragment gets; everything else it uses must be the same for the whole site."""

    def __init__(self, env: jinja2.Environment, site: Site) -> None:
        self.env, self.site, self.done = env, site, {}

    def __call__(self, name: str, **values: object) -> Markup:
        key = (name, *sorted(values.items()))
        if key not in self.done:
            self.done[key] = Markup(self.env.get_template(name).render(site=self.site, **values))
        return self.done[key]


def plan_site(
    site: Site,
    templates: Path,
    config: Config,
    env: jinja2.Environment | None = None,
    history: changelog.History = changelog.UNAVAILABLE,
) -> tuple[Plan, jinja2.Environment]:
    """Plan every file and prepare the environment that renders the pages. A long-lived caller (the dev
    server) passes its own environment, which keeps compiled templates and recompiles only edited ones."""
    plan, env = plan_pages(site, templates, config, env, history)
    plan_files(plan, site, templates, config, env, history)
    return plan, env


def plan_pages(
    site: Site,
    templates: Path,
    config: Config,
    env: jinja2.Environment | None = None,
    history: changelog.History = changelog.UNAVAILABLE,
) -> tuple[Plan, jinja2.Environment]:
    """The HTML pages only, and the environment to render them; the downloads page waits for plan_files."""
    env = env or environment(templates, config)
    env.globals["history"] = history
    env.globals["data_version"] = data_version(history)
    env.globals["fragment"] = Fragments(env, site)
    plan = Plan()
    for path, template, context, source in page_specs(site):
        plan.page(path, template, context, source)
    return plan, env


def plan_files(
    plan: Plan, site: Site, templates: Path, config: Config, env: jinja2.Environment, history: changelog.History
) -> None:
    """Add every file that is not an HTML page: data, feeds, schemas, the sitemap, static files."""
    for ed in site.editions:
        plan.file(urls.source_text(ed), ed.document.source_text.encode("utf-8"), f"data/{ed.year}/source.txt")
    data, env.globals["data_files"] = open_data(site, config)  # sizes and checksums: for the downloads page
    for path, content in data.items():
        plan.file(f"data/{path}", content, f"open data {path}")
    if config.dev:  # the dev server's error overlay (disclosure/serve.py), never in a `make site` build
        for file in DEV_FILES:
            plan.file(f"dev/{file.name}", file.read_bytes(), f"disclosure/{file.name}")
    root_url = config.site_url.rstrip("/") + config.base_path
    for path, content in feeds.feeds(site, history, root_url, SITE_NAME).items():
        plan.file(path, content, "feeds")
    for path, schema in schema_files().items():
        plan.file(path, schema, "disclosure/schema.py")
    plan.file(urls.SITEMAP_FILE, sitemap(plan.sources, config), "sitemap")
    folder = templates.name  # "templates": an input folder of inputs.INPUT_FOLDERS
    for name in inputs.scan(templates.parent, (folder,)).under(f"{folder}/static"):  # DataError: a link
        plan.file(name.removeprefix(f"{folder}/"), inputs.read_bytes(templates.parent, name), name)


def data_version(history: changelog.History) -> str:
    """The data version every citation names: date and commit of the last data change, or why unknown."""
    if not history.latest:
        return f"未知({history.reason})"
    dirty = "(另有未提交的修改)" if history.dirty else ""
    return f"{history.latest.date} · {history.latest.commit}{dirty}"


def render_page(env: jinja2.Environment, site: Site, page: Page, templates: Path) -> str:
    """One HTML page; a template error names the template line and the record being rendered."""
    try:
        return env.get_template(page.template).render(site=site, path=page.path, **page.context)
    except jinja2.TemplateError as e:
        where = template_line(e, templates)
        raise BuildError(f"{where}: {type(e).__name__}: {e} (while rendering {page.source})") from e


def render_site(
    site: Site,
    templates: Path,
    config: Config,
    env: jinja2.Environment | None = None,
    history: changelog.History = changelog.UNAVAILABLE,
) -> Pages:
    """The whole site in memory, in one process."""
    plan, env = plan_site(site, templates, config, env, history)
    pages = Pages()
    pages.sources = plan.sources
    for page in plan.pages:
        pages[page.file] = render_page(env, site, page, templates).encode("utf-8")
    pages.update(plan.files)
    return pages


def template_line(error: jinja2.TemplateError, templates: Path) -> str:
    """Where in the templates an error happened: file:line of the innermost template frame."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{Path(error.filename).resolve().relative_to(templates.resolve().parent)}:{error.lineno}"
    where = "templates"
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(str(templates.resolve())):
            where = f"{Path(filename).relative_to(templates.resolve().parent)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def page_specs(site: Site) -> Iterator[tuple[str, str, dict, str]]:
    """Every HTML page: (path, template, context, source it comes from)."""
    content = site.content
    yield urls.HOME, "home.html", {"intro": content["index.md"]}, "content/index.md"
    yield urls.SEARCH, "search.html", {}, "search page"
    yield urls.NOT_FOUND_FILE, "404.html", {}, "404 page"
    yield urls.DEPARTMENTS, "departments.html", {}, "department index"
    yield urls.DISTRICTS, "districts.html", {}, "district index"
    yield urls.DOWNLOADS, "downloads.html", {}, "downloads page"
    for unit in site.units:
        yield (
            urls.department(unit),
            "department.html",
            {"unit": unit, "work": site.unit_work[unit.slug]},
            f"unit {unit.name}",
        )
    for unit in site.units:
        for old in unit.former_slugs:
            target = {"target": urls.department(unit), "label": unit.name}
            yield urls.department(replace(unit, slug=old)), "redirect.html", target, f"redirect for unit {unit.name}"
    for area in site.areas:
        for old in area.former_slugs:
            target = {"target": urls.district(area), "label": area.name}
            yield urls.district(replace(area, slug=old)), "redirect.html", target, f"redirect for area {area.name}"
    for area in site.areas:
        yield (
            urls.district(area),
            "district.html",
            {"area": area, "work": site.area_work[area.slug]},
            f"area {area.name}",
        )
    for ed in site.editions:
        notice, method = content[f"{ed.year}/notice.md"], content[f"{ed.year}/source.md"]
        yield urls.edition(ed), "notice.html", {"ed": ed, "notice": notice}, f"content/{ed.year}/notice.md"
        yield urls.source(ed), "source.html", {"ed": ed, "method": method}, f"content/{ed.year}/source.md"
        yield urls.checks(ed), "checks.html", {"ed": ed, "counts": check_counts(ed)}, f"{ed.year} data checks"
        yield urls.tasks(ed), "tasks.html", {"ed": ed, "leads": lead_counts(ed)}, f"{ed.year} task index"
        yield urls.projects(ed), "projects.html", {"ed": ed}, f"{ed.year} project index"
        for task in ed.tasks:
            yield urls.task(task), "task.html", {"ed": ed, "task": task}, f"{ed.year} task {task.no}"
        for item in ed.items:
            yield urls.project(item), "project.html", {"ed": ed, "item": item}, f"{ed.year} livelihood item {item.no}"


def check_counts(ed: Edition) -> dict[str, int]:
    """What every build checked in an edition, counted, for the public data-check page."""
    cells = [c for ind in ed.indicators for c in ind.cells]
    return {
        "tasks": len(ed.tasks),
        "task_units": sum(len(t.units) for t in ed.tasks),
        "units": len({u.name for t in ed.tasks for u in t.units} | {i.lead.name for i in ed.items}),
        "projects": len(ed.items),
        "rows": len(ed.indicators),
        "areas": len(ed.document.area_columns),
        "cells": len(cells),
        "no_target": sum(c.figure.value is None for c in cells),
        "summed": sum(ind.target.value is not None for ind in ed.indicators),
    }


def lead_counts(ed: Edition) -> list[tuple[object, int]]:
    """Lead units of an edition's tasks with how many they lead, most first, then by name."""
    counts: dict[object, int] = {}
    for task in ed.tasks:
        counts[task.lead] = counts.get(task.lead, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].slug))


def json_number(value: Decimal | None) -> Decimal | None:
    """A figure for the JSON: the exact decimal as written (33.30 stays 33.30), '/' becomes null."""
    return value


def open_data(site: Site, config: Config) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Paths under data/ -> bytes: each edition's JSON (the contract of the first issue), the CSV tables,
    the registries as JSON, and the Data Package describing them all; and each file's size and sha256."""
    base = config.base_path
    tables = opendata.tables(site, base)
    files = {
        path: opendata.csv_bytes([f["name"] for f in fields], rows, f"data/{path}") for path, fields, rows, _ in tables
    }
    files |= {path: to_json(value) for path, value in opendata.registry_json(site, base).items()}
    for ed in site.editions:
        files[f"{ed.year}/tasks.json"] = to_json(tasks_json(ed, config))
        files[f"{ed.year}/livelihood.json"] = to_json(livelihood_json(ed, config))
    facts = opendata.file_facts(files)
    files["datapackage.json"] = opendata.datapackage(site, tables, facts, config.site_url, base)
    return files, facts | opendata.file_facts({"datapackage.json": files["datapackage.json"]})


def tasks_json(ed: Edition, config: Config) -> list[dict]:
    return [
        {
            "no": t.no,
            "text": t.text,
            "units": [u.name for u in t.units],
            "lead": t.lead.name,
            "url": urls.link(config.base_path, urls.task(t)),
            "withdrawn": withdrawal_json(t.withdrawn),
        }
        for t in ed.tasks
    ]


def livelihood_json(ed: Edition, config: Config) -> list[dict]:
    return [
        {
            "no": item.no,
            "row": ind.row,
            "category": item.category.name,
            "item": item.text,
            "indicator": ind.name,
            "target": json_number(ind.target.value),
            "lead": item.lead.name,
            "breakdown": {c.area.name: json_number(c.figure.value) for c in ind.cells},
            "url": urls.link(config.base_path, urls.project(item)),
            "withdrawn": withdrawal_json(ind.withdrawn or item.withdrawn),
        }
        for item in ed.items
        for ind in item.indicators
    ]


def withdrawal_json(w: Withdrawal | None) -> dict | None:
    return None if w is None else {"date": w.date.isoformat(), "reason": w.reason}


def to_json(value: object) -> bytes:
    """json.dumps(value, indent=1, ensure_ascii=False) byte for byte, except that a Decimal is written digit
    for digit as a number (33.30 stays 33.30 and 0.0000001 is not 1e-07: never through a float)."""
    return (_JSON.encode(value) + "\n").encode()


def _raw_decimal(value: object) -> simplejson.RawJSON:
    """A Decimal as the JSON number it is written as; anything else cannot be published."""
    if isinstance(value, Decimal) and value.is_finite():
        return simplejson.RawJSON(format(value, "f"))
    raise TypeError(f"{value!r} ({type(value).__name__}) is not JSON serializable")


# simplejson puts what _raw_decimal returns into the output as it is, and every string through the string
# encoder, so no text can become a number. (Marking decimals as strings between NUL characters, as we did,
# published the text "\u00003.5\u0000" as the number 3.5.) Its C encoder also indents, which the standard
# library's does not: 2.7 times faster on the tasks and 3.4 on the livelihood rows of 50,000 tasks.
# use_decimal=False: it would write str(Decimal), 1E-7. namedtuple_as_object=False, allow_nan=False: as json.
_JSON = simplejson.JSONEncoder(
    indent=1,
    ensure_ascii=False,
    use_decimal=False,
    namedtuple_as_object=False,
    allow_nan=False,
    default=_raw_decimal,
)


def sitemap(sources: dict[str, str], config: Config) -> bytes:
    """Every page but the redirects, from {output file: source}."""
    root = config.site_url.rstrip("/") + config.base_path
    locs = sorted(
        p.removesuffix("index.html")
        for p, source in sources.items()
        if p.endswith("index.html") and not source.startswith("redirect")
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{html.escape(root + loc, quote=False)}</loc></url>" for loc in locs]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
