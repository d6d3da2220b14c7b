"""The build, stage by stage: load, validate, plan, render and write, check links, index, swap."""

from __future__ import annotations

import contextlib
import gc
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from disclosure.build import fanout, linkcheck, render, write
from disclosure.build.plan import Plan
from disclosure.config import Config
from disclosure.errors import BuildError, Problem
from disclosure.model import Site
from disclosure.outputs import search
from disclosure.source import changelog, load, validate
from disclosure.source.markup import line_of


@dataclass
class Report:
    """What a build produced and how long each stage took."""

    files: dict[str, int] = field(default_factory=dict)  # kind of file -> count
    indexed: int = 0
    index_bytes: int = 0
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
    root: Path, out: Path, config: Config | None = None, with_search: bool = True, workers: int | None = None
) -> Report:
    """Build the site from root/site.yaml, root/data, root/content and root/templates into out, atomically."""
    config = config or Config()
    write.outside_inputs(root, out)  # BuildError: out is the project, or in data/, content/, templates/
    report = Report()
    clock = Stopwatch(report.seconds)
    sources = load.read_sources(root)  # raises DataError: unreadable files
    clock.lap("load")
    site = validate.build_site(sources)  # raises DataError: every problem at once
    content = sources.content
    del sources  # the values read are not needed any more: free them (100 MB at 50,000 tasks)
    report.warnings, report.site = site.warnings, site
    config = config.settle(site.info)  # the address: the flag or SITE_URL, else site.yaml's; DataError: loopback
    clock.lap("validate")
    history = report.history = changelog.read(root, site.info.labels)  # from git; UNAVAILABLE outside
    clock.lap("history")
    plan, env = render.plan_site(site, root / "templates", config, history=history)  # BuildError: path collision
    report.files, report.plan = dict(Counter(kind_of(p) for p in sorted(plan.sources, key=kind_of))), plan
    clock.lap("plan")
    with write.staging(out) as stage:  # swapped into out only if all below succeed
        links = write.write_site(  # BuildError: template error
            plan,
            lambda page: render.render_page(env, site, page, root / "templates"),
            stage,
            config.base_path,
            fanout.cores() if workers is None else workers,
        )
        clock.lap("render and write")
        if broken := links.broken + links.fragments(lambda rel: (stage / rel).read_text("utf-8")):
            lines = [where_written(b, plan.sources, content) for b in sorted(broken, key=by_page)]
            more = [f"… and {len(lines) - 20} more broken links"] if len(lines) > 20 else []
            raise BuildError("\n".join(lines[:20] + more))
        clock.lap("link check")
        if with_search:
            report.indexed = search.index(site, stage)
            report.index_bytes = sum(p.stat().st_size for p in (stage / "pagefind").rglob("*") if p.is_file())
            clock.lap("search index")
    return report


def by_page(broken: linkcheck.Broken) -> tuple[str, str]:
    return broken.page, broken.link


def where_written(broken: linkcheck.Broken, page_sources: dict[str, str], content: dict[str, str]) -> str:
    """A broken link, reported at the line of the Markdown file it was written in when it comes from one."""
    source = page_sources.get(broken.page, "")
    text = content.get(source.removeprefix("content/"), "") if source.startswith("content/") else ""
    if broken.link in text:
        return f"{source}:{line_of(text, broken.link)}: {broken.message}"
    return str(broken)


def kind_of(path: str) -> str:
    """Group output files for the build summary: task pages, department pages, data files, …"""
    parts = path.split("/")
    if not path.endswith(".html"):
        return {"static": "static files", "feeds": "feeds"}.get(parts[0], "data files")
    if len(parts) == 4 and parts[0].isdigit() and parts[1] in ("tasks", "projects"):
        return f"{parts[1][:-1]} pages"
    if len(parts) == 3 and parts[0] in ("departments", "districts"):
        return f"{parts[0][:-1]} pages"
    return "index and other pages"


class Stopwatch:
    def __init__(self, into: dict[str, float]) -> None:
        self.into, self.last = into, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.into[stage] = now - self.last
        self.last = now
