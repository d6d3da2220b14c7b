"""The example site's fixtures: one real build of the repository's data/ and content/ per test session.

Only the tests in this folder may read the example (嘉兴) site's own inputs: they check its transcription,
its real figures and the pages of its real records. Tests of the generator use the fixture site (../conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import ROOT, serve

from disclosure.build.pipeline import Report, build
from disclosure.model import Site
from disclosure.source import load, validate


@pytest.fixture(scope="session")
def site_model() -> Site:
    """The validated data model of the real data in data/."""
    return validate.build_site(load.read_sources(ROOT))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    """The real site, built once with its search index into a temporary folder (site/ is not touched)."""
    out = tmp_path_factory.mktemp("build") / "site"
    report = build(ROOT, out)
    return out, report


@pytest.fixture(scope="session")
def site_dir(built: tuple[Path, Report]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    """Serve the built site on a free port of 127.0.0.1; yields the base URL ending in '/'."""
    with serve(site_dir) as url:
        yield url
