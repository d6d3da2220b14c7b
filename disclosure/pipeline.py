"""The build, stage by stage: load, validate, render, write, index, check, swap."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import linkcheck, load, search, validate, write
from .errors import BuildError, Problem
from .render import Config, render_site


@dataclass
class Report:
    """What a build produced and how long each stage took."""

    files: dict[str, int] = field(default_factory=dict)  # kind of file -> count
    indexed: int = 0
    warnings: tuple[Problem, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


def build(root: Path, out: Path, config: Config | None = None, with_search: bool = True) -> Report:
    """Build the site from root/data, root/content and root/templates into out, atomically."""
    config = config or Config()
    report = Report()
    clock = Stopwatch(report.seconds)
    sources = load.read_sources(root)  # raises DataError: unreadable files
    clock.lap("load")
    site = validate.build_site(sources)  # raises DataError: every problem at once
    report.warnings = site.warnings
    clock.lap("validate")
    pages = render_site(site, root / "templates", config)  # raises BuildError: template error, path collision
    report.files = dict(sorted(Counter(kind_of(p) for p in pages).items()))
    clock.lap("render")
    with write.staging(out) as stage:  # swapped into out only if all below succeed
        write.write_files(pages, stage)
        clock.lap("write")
        if with_search:
            report.indexed = search.index(site, stage)
            clock.lap("search index")
        if broken := linkcheck.check_links(stage, config.base_path):
            more = f"\n… and {len(broken) - 20} more" if len(broken) > 20 else ""
            raise BuildError(f"{len(broken)} broken links:\n" + "\n".join(broken[:20]) + more)
        clock.lap("link check")
    return report


def kind_of(path: str) -> str:
    """Group output files for the build summary: 'tasks', 'departments', 'static', …"""
    parts = path.split("/")
    if not path.endswith(".html"):
        return parts[0] if len(parts) > 1 else path
    if parts[0].isdigit() and len(parts) > 2:
        return parts[1] if len(parts) > 3 else f"{parts[1]} index"
    if len(parts) > 2:
        return parts[0]
    return "other pages"


class Stopwatch:
    def __init__(self, into: dict[str, float]) -> None:
        self.into, self.last = into, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.into[stage] = now - self.last
        self.last = now
