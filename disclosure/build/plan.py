"""The plan: every output file claimed, with what writes it, before any page is rendered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from disclosure import urls
from disclosure.build.templating import Fragments, fingerprinted, static_files
from disclosure.config import Config
from disclosure.errors import BuildError
from disclosure.model import Site
from disclosure.outputs import feeds
from disclosure.outputs.opendata import open_data
from disclosure.outputs.pages import Frames, page_specs
from disclosure.outputs.schema import schema_files
from disclosure.outputs.sitemap import sitemap
from disclosure.source import changelog, inputs

DEV_FILES = tuple(Path(__file__).parent.parent / "tools" / name for name in ("overlay.js", "overlay.css"))


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


def plan_pages(site: Site) -> Plan:
    """The HTML pages only; the files (plan_files) come after, the downloads page shows their sizes."""
    plan, frames = Plan(), Frames(site)
    for path, template, context, source in page_specs(site):
        plan.page(path, template, {**context, **frames.of(path, template, context)}, source)
    return plan


def plan_files(
    plan: Plan,
    site: Site,
    templates: Path,
    config: Config,
    history: changelog.History,
    checkpoint: Callable[[], None] = lambda: None,
) -> dict[str, dict]:
    """Add every file that is not an HTML page: data, feeds, schemas, the sitemap, static files. Returns
    the open data files' sizes and checksums, for the downloads page. checkpoint: see open_data."""
    for ed in site.editions:
        if ed.document.source_text is not None:  # else the source is only linked (source_url)
            plan.file(urls.source_text(ed), ed.document.source_text.encode("utf-8"), f"data/{ed.year}/source.txt")
    data, data_files = open_data(site, config, history, checkpoint)
    checkpoint()
    for path, content in data.items():
        plan.file(f"data/{path}", content, f"open data {path}")
    if config.dev:  # the dev server's error overlay (disclosure/tools/serve.py), never in a `make site` build
        for file in DEV_FILES:
            plan.file(f"dev/{file.name}", file.read_bytes(), f"disclosure/tools/{file.name}")
    root_url = (config.site_url or "").rstrip("/") + (config.base_path or "/")
    for path, content in feeds.feeds(site, history, root_url, site.info.name).items():
        plan.file(path, content, "feeds")
    for path, schema in schema_files(site.info).items():
        plan.file(path, schema, "disclosure/outputs/schema.py")
    plan.file(urls.SITEMAP_FILE, sitemap(plan.sources, config), "sitemap")
    for path, (project, name) in static_files(templates).items():  # DataError: a link
        source = name if project == templates.parent else str(project / name)  # the default theme's: in full
        content = inputs.read_bytes(project, name)
        plan.file(path, content, source)  # the plain name too: a page kept by a browser or a proxy still works
        if not config.dev:
            plan.file(fingerprinted(path, content), content, source)  # what the pages link to (asset filter)
    return data_files


def shared_context(env: jinja2.Environment, site: Site, history: changelog.History) -> dict[str, object]:
    """What every page of one build is rendered with besides its own context (the environment stays frozen)."""
    fragments = Fragments(env, site)
    return {
        "history": history,
        "data_version": data_version(history),
        "data_commit": history.latest.commit if history.latest else None,  # for journalists and developers
        "fragment": fragments,
        "once": fragments.once,
    }


def data_version(history: changelog.History) -> str:
    """The data version every citation names: the date of the last data change and its number (第12版: the
    12th commit that changed data), or why unknown; the commit itself is in the page's 供媒体和开发者 part."""
    if not history.latest:
        return f"未知({history.reason})"
    dirty = "(另有未提交的修改)" if history.dirty else ""
    number = f" 第{history.number}版" if history.number else "(版本历史不完整,版次未知)"
    return f"{history.latest.date}{number}{dirty}"
