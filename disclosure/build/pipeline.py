"""The build, stage by stage: load, validate, plan, render and write, check links, index, compress, swap."""

from __future__ import annotations

import contextlib
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from disclosure.build import compress, fanout, linkcheck, plan, render, write
from disclosure.build.plan import Page, Pages, Plan
from disclosure.build.templating import environment, unused_templates
from disclosure.config import Config
from disclosure.errors import BuildError, DataError, Pos, Problem
from disclosure.model import Site
from disclosure.outputs import search
from disclosure.source import changelog, load, validate
from disclosure.source.changelog import UNAVAILABLE, History
from disclosure.source.markup import line_of


@dataclass
class Report:
    """What a build produced and how long each stage took."""

    files: dict[str, int] = field(default_factory=dict)  # kind of file -> count
    indexed: int = 0
    index_bytes: int = 0
    compressed: dict[str, int] = field(default_factory=dict)  # --precompress: bytes raw, as .gz, as .br
    warnings: tuple[Problem, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)
    site: Site | None = None  # the model, the plan (its pages and paths) and the history, for a caller that
    plan: Plan | None = None  # goes on updating the site: the dev server
    history: changelog.History = changelog.UNAVAILABLE


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Cyclic garbage collection off. A build makes millions of objects and no garbage cycles (peak
    memory is the same without the collector), and each collection walks every object still alive:
    at 50,000 tasks, loading and validating take 7.7 s with it, 6.6 s without."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@no_cyclic_gc()
def build(
    root: Path,
    out: Path,
    config: Config | None = None,
    with_search: bool = True,
    workers: int | None = None,
    kept: tuple[load.Parsed, validate.Reuse] | None = None,
) -> Report:
    """Build the site from root/site.yaml, root/data, root/content and root/templates into out, atomically
    (kept: what the dev server keeps for its next update, the files parsed and the records read)."""
    config, workers = config or Config(), fanout.cores() if workers is None else workers
    write.outside_inputs(root, out)  # BuildError: out is the project, or in data/, content/, templates/
    run = Build(root, config)
    parsed, reuse = kept or (None, None)
    run.validate(run.read(parsed), reuse)  # DataError: unreadable files, then every problem at once
    run.read_history()  # from git; UNAVAILABLE outside a checkout
    run.plan_pages()  # BuildError: path collision; DataError: a site template no page uses
    run.plan_files()
    with write.staging(out) as stage:  # swapped into out only if all below succeed
        links = run.write(stage, workers)  # BuildError: template error
        run.check_links(links, stage)  # BuildError with a Problem per broken link
        if with_search:
            run.index(stage, out, workers)
        if config.precompress:
            run.compress(stage, out, workers)
    return run.report


class Build:
    """One build of the project at root, as steps in the order build() calls them. The dev server
    (tools/serve.py) and `build.py changes` (tools/changes.py) run these same steps: the dev server
    renders only the pages an edit made stale, `changes` renders in memory."""

    site: Site  # from validate()
    plan: Plan  # from plan_pages(), completed by plan_files()

    def __init__(
        self, root: Path, config: Config, env: jinja2.Environment | None = None, history: History = UNAVAILABLE
    ) -> None:
        # A long-lived caller (the dev server) passes its environment (compiled templates kept between
        # saves) and the history it read once.
        self.root, self.config, self.templates = root, config, root / "templates"
        self.env = env  # else made by settle(), once site.yaml has given the address
        self.history = history
        self.report = Report()
        self.clock = Stopwatch(self.report.seconds)
        self.content: dict[str, str] = {}  # the Markdown as written: where a broken link is in it
        self.shared: dict[str, object] = {}  # what every page is rendered with besides its own context

    def read(self, parsed: load.Parsed | None = None) -> load.Sources:
        """Read the inputs (parsed: the YAML parsed last time, for the dev server)."""
        sources = load.read_sources(self.root, parsed)  # raises DataError: unreadable files
        self.content = sources.content
        self.clock.lap("load")
        return sources

    def validate(self, sources: load.Sources, reuse: validate.Reuse | None = None) -> Site:
        """The model, from sources the caller then drops (100 MB at 50,000 tasks); reuse: the records read
        last time, for the dev server."""
        self.settle(validate.build_site(sources, reuse))  # raises DataError: every problem at once
        self.clock.lap("validate")
        return self.site

    def settle(self, site: Site) -> None:
        """Take the validated model, and the address: the flag or SITE_URL, else site.yaml's (DataError:
        a loopback address in a production build)."""
        self.site, self.config = site, self.config.settle(site.info)
        self.report.warnings, self.report.site = site.warnings, site
        self.env = self.env or environment(self.templates, self.config)

    def read_history(self) -> None:
        self.history = self.report.history = changelog.read(self.root, self.site.info.labels)
        self.clock.lap("history")

    def plan_pages(self) -> Plan:
        """Claim every page's output file, and prepare what all pages are rendered with."""
        self.plan = plan.plan_pages(self.site)
        if unused := unused_templates(self.env, self.templates, {page.template for page in self.plan.pages}):
            raise DataError(unused)  # a site's own template that no page reaches: misspelt, or left over
        self.shared = plan.shared_context(self.env, self.site, self.history)
        return self.plan

    def plan_files(self, checkpoint: Callable[[], None] = lambda: None) -> None:
        """Claim and make every other file; the downloads page, which shows their sizes, renders after this.
        checkpoint: called between two data files (the dev server's raises once a newer save came in)."""
        self.shared["data_files"] = plan.plan_files(
            self.plan, self.site, self.templates, self.config, self.history, checkpoint
        )
        kinds = sorted(self.plan.sources, key=kind_of)
        self.report.files, self.report.plan = dict(Counter(kind_of(p) for p in kinds)), self.plan
        self.clock.lap("plan")

    def render(self, page: Page) -> str:
        return render.render_page(self.env, self.site, page, self.templates, self.shared)

    def in_memory(self) -> Pages:
        """Every file of the site, pages rendered, nothing written (`build.py changes`)."""
        pages = Pages()
        pages.sources = self.plan.sources
        for page in self.plan.pages:
            pages[page.file] = self.render(page).encode("utf-8")
        pages.update(self.plan.files)
        return pages

    def write(self, stage: Path, workers: int) -> linkcheck.LinkChecker:
        """Write every file into stage, rendering the pages on `workers` processes; the links they hold."""
        links = write.write_site(self.plan, self.render, stage, self.config.base_path, workers)
        self.clock.lap("render and write")
        return links

    def check_links(self, links: linkcheck.LinkChecker, stage: Path) -> None:
        """Raise a BuildError naming every broken link, at its line in content/ when written there."""
        if broken := links.broken + links.fragments(lambda rel: (stage / rel).read_text("utf-8")):
            problems = [where_written(b, self.plan.sources, self.content) for b in sorted(broken, key=by_page)]
            lines = [str(p) for p in problems]
            more = [f"……另有{len(lines) - 20}个坏链接"] if len(lines) > 20 else []
            raise BuildError("\n".join(lines[:20] + more), problems)
        self.clock.lap("link check")

    def index(self, stage: Path, previous: Path | None = None, workers: int = 1) -> None:
        """Index the pages in stage (read on `workers` processes); a bundle whose input has not changed is
        taken from previous (the last site)."""
        self.report.indexed = search.index(self.site, stage, previous=previous, workers=workers)
        self.report.index_bytes = sum(p.stat().st_size for p in (stage / "pagefind").rglob("*") if p.is_file())
        self.clock.lap("search index")

    def compress(self, stage: Path, previous: Path, workers: int) -> None:
        """The .gz and .br copies of every text file in stage (--precompress: for build.py nginx); those of
        a file unchanged since previous (the last site) taken from it."""
        self.report.compressed = compress.compress_site(stage, workers, previous)
        self.clock.lap("compress")


def render_site(
    site: Site, root: Path, config: Config, env: jinja2.Environment | None = None, history: History = UNAVAILABLE
) -> Pages:
    """The whole site of an already validated model, in memory, by the build's own steps."""
    run = Build(root, config, env, history)
    run.settle(site)
    run.plan_pages()
    run.plan_files()
    return run.in_memory()


def by_page(broken: linkcheck.Broken) -> tuple[str, str]:
    return broken.page, broken.link


def where_written(broken: linkcheck.Broken, page_sources: dict[str, str], content: dict[str, str]) -> Problem:
    """A broken link, placed at the line of the Markdown file it was written in when it comes from one,
    else at the page it is on."""
    source = page_sources.get(broken.page, "")
    text = content.get(source.removeprefix("content/"), "") if source.startswith("content/") else ""
    if broken.link in text:
        return Problem(Pos(source, line_of(text, broken.link)), "", broken.message)
    return Problem(Pos(broken.page), "", broken.message)


def kind_of(path: str) -> str:
    """Group output files for the build summary: task pages, department pages, data files, …"""
    parts = path.split("/")
    if not path.endswith(".html"):
        return {"static": "个静态文件", "feeds": "个订阅源"}.get(parts[0], "个数据文件")
    if len(parts) == 4 and parts[0].isdigit() and parts[1] in ("tasks", "projects"):
        return PAGE_KINDS[parts[1]]
    if len(parts) == 3 and parts[0] in ("departments", "districts"):
        return PAGE_KINDS[parts[0]]
    return "个索引及其他页面"


PAGE_KINDS = {  # the build summary's words for them
    "tasks": "个任务页面",
    "projects": "个民生实事页面",
    "departments": "个单位页面",
    "districts": "个地区页面",
}


class Stopwatch:
    def __init__(self, into: dict[str, float]) -> None:
        self.into, self.last = into, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.into[stage] = now - self.last
        self.last = now
