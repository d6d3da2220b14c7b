"""Shared fixtures: the fixture site (an invented city, tests/fixtures/site/), its factory, a static server,
a browser, and the guard that keeps generator tests off the example site's data/ and content/.

Generator tests (tests/*.py) run on the fixture site through make_project and build_fixture (tests/factory.py),
as Datasette's make_app_client: each test states only the edits it makes. Tests of the example (嘉兴) site's
own facts live in tests/example/, whose conftest builds the repository's data/ and content/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import ROOT, build_fixture, make_project

from disclosure.build.pipeline import Report
from disclosure.model import Site
from disclosure.source import inputs, load, validate

EXAMPLE_TESTS = Path(__file__).resolve().parent / "example"
EXAMPLE_INPUTS = ("data", "content")  # the example site's own facts; templates/ is the generator's theme
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # GitHub's runners have /usr/bin/google-chrome
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the fixture site for the session: read it, never change it (make_project for that)."""
    return make_project(tmp_path_factory.mktemp("fixture") / "project")


@pytest.fixture(scope="session")
def fixture_model(fixture_project: Path) -> Site:
    """The validated data model of the fixture site."""
    return validate.build_site(load.read_sources(fixture_project))


@pytest.fixture(scope="session")
def fixture_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    """The fixture site, built once with its search index: (site folder, report)."""
    _, site, report = build_fixture(tmp_path_factory.mktemp("fixture-build"), with_search=True)
    return site, report


@pytest.fixture(scope="session")
def fixture_site(fixture_built: tuple[Path, Report]) -> Path:
    """The folder of the fixture site's session build."""
    return fixture_built[0]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does) or set CHROMIUM")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page; console errors and uncaught exceptions fail the test."""
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    pg.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    yield pg
    context.close()
    assert not errors, "browser reported errors:\n" + "\n".join(errors)


def reads_example_input(root: Path, rel: str) -> bool:
    """Whether rel under root is one of the example site's own inputs (the repository's data/ or content/)."""
    return Path(root).resolve() == ROOT and rel.split("/")[0] in EXAMPLE_INPUTS


@pytest.fixture(autouse=True)
def generator_tests_do_not_read_the_example(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail a test outside tests/example/ that reads the repository's data/ or content/ in this process.

    Every input goes through inputs.scan and inputs.read_bytes, so this sees each read the build makes;
    test_split.py scans the tests' source for the ways a subprocess or a direct read could reach them.
    """
    if Path(request.path).resolve().is_relative_to(EXAMPLE_TESTS):
        return
    scan, read_bytes = inputs.scan, inputs.read_bytes

    def guarded_scan(root: Path, folders: tuple[str, ...] = inputs.INPUT_FOLDERS) -> inputs.Listing:
        if any(reads_example_input(root, f) for f in folders):
            pytest.fail("a generator test read the example site's data/ or content/: use make_project")
        return scan(root, folders)

    def guarded_read_bytes(root: Path, rel: str) -> bytes:
        if reads_example_input(root, rel):
            pytest.fail(f"a generator test read the example site's {rel}: use make_project")
        return read_bytes(root, rel)

    monkeypatch.setattr(inputs, "scan", guarded_scan)
    monkeypatch.setattr(inputs, "read_bytes", guarded_read_bytes)
