"""The split stays honest: generator tests (tests/*.py) run on the fixture site, never on the example site.

The example (嘉兴) site's data/ and content/ are read only by the tests in tests/example/. Three locks keep it
so: the example's fixtures (site_model, built, site_dir, server) are defined in tests/example/conftest.py
alone, so a generator test cannot ask for them; conftest.py fails a generator test that reads the example's
inputs in its own process; and this file scans the generator tests' source for the ways a test could read
them otherwise (a path into them, the repository passed as a project, a build in a subprocess without
--root, which would build the repository itself). Then it checks that the fixture site holds what the
generator's tests rely on.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from factory import FIXTURE, ROOT

from disclosure.model import Site
from disclosure.source import load

TESTS = Path(__file__).resolve().parent
GENERATOR_TESTS = sorted(TESTS.glob("*.py"))  # tests/example/ is not below: glob is one level deep

READS = [
    # data/README.md documents the data format: the generator's, not the example site's facts
    (re.compile(r'ROOT\s*/\s*"(?:data(?!/README\.md")|content)\b'), "a path into the example's data/ or content/"),
    (re.compile(r"ROOT\s*/\s*folder\b"), "a copy of the repository's input folders"),
    (re.compile(r"\(\s*ROOT\s*[,)]"), "the repository passed as a project root"),
    (re.compile(r"str\(\s*ROOT\s*\)"), "the repository passed as a project root"),
    # a test asking for a fixture of tests/example/conftest.py (pytest would not find it here anyway)
    (re.compile(r"\b(?:site_model|site_dir|built|server)\s*:\s*(?:Site|Path|tuple|str)\b"), "an example fixture"),
]
BUILD_CALLS = re.compile(r'(?:build\.main\(\s*\[|str\(ROOT / "build\.py"\),)(?P<args>[^\]]*)\]', re.S)


def offences(path: Path) -> list[str]:
    """Each line of path that reads the example site, with why."""
    text = path.read_text("utf-8")
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for pattern, why in READS:
            if pattern.search(line):
                found.append(f"{path.name}:{number}: {why}: {line.strip()}")
    for call in BUILD_CALLS.finditer(text):
        if "--root" not in call["args"] and not re.search(r"\*\w+|command\(", call["args"]):
            number = text.count("\n", 0, call.start()) + 1
            found.append(f"{path.name}:{number}: a build without --root builds the repository itself")
    return found


def test_generator_tests_do_not_read_the_example_site() -> None:
    assert [o for path in GENERATOR_TESTS if path.name != "test_split.py" for o in offences(path)] == []


@pytest.mark.parametrize(
    "line",
    [
        'shutil.copytree(ROOT / "data", tmp)',
        "for folder in ('data', 'content'): shutil.copytree(ROOT / folder, tmp / folder)",
        "site = validate.build_site(load.read_sources(ROOT))",
        'build.main(["check", "--root", str(ROOT)])',
        'build.main(["check", "--against", "HEAD"])',
        'subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out)])',
        "def test_x(site_dir: Path) -> None:",
        "def test_x(built: tuple[Path, Report]) -> None:",
    ],
)
def test_the_scan_finds_each_way_of_reading_the_example(tmp_path: Path, line: str) -> None:
    (tmp_path / "test_x.py").write_text(line + "\n", "utf-8")
    assert offences(tmp_path / "test_x.py")


def test_the_scan_lets_the_generators_own_files_through(tmp_path: Path) -> None:
    """The templates (the default theme), the command line and the tool configuration are the generator's."""
    lines = [
        'environment(ROOT / "templates", Config())',
        '[sys.executable, str(ROOT / "build.py"), "--root", str(project), "--no-search"]',
        'build.main(["--root", str(project), "--out", str(site), *more])',
        'ROOT / ".htmlvalidate.json"',
    ]
    (tmp_path / "test_x.py").write_text("\n".join(lines) + "\n", "utf-8")
    assert offences(tmp_path / "test_x.py") == []


def test_reading_the_example_in_a_generator_test_fails_it() -> None:
    with pytest.raises(pytest.fail.Exception, match="a generator test read the example site's"):
        load.read_sources(ROOT)


def test_the_fixture_site_has_what_the_generator_tests_rely_on(fixture_model: Site) -> None:
    """Two editions; registries of every unit and area kind; a '/' cell, a decimal, a merged cell, a sum
    that does not add up, a withdrawn task, row and unit, a former slug, an unconfirmed full name."""
    site = fixture_model
    assert [e.year for e in site.editions] == [2025, 2024]
    assert {u.kind for u in site.units} == {
        "city-department",
        "party-organ",
        "coordination-office",
        "peoples-organization",
        "public-institution",
        "state-owned-enterprise",
        "central-agency",
        "county-government",
        "development-zone",
    }
    assert {a.kind for a in site.areas} == {"district", "county", "county-city", "zone", "other"}
    figures = [c.figure.value for e in site.editions for i in e.indicators for c in i.cells]
    assert None in figures and any(f is not None and f != f.to_integral_value() for f in figures)
    assert Decimal("12.5") in figures
    merged = [e.items[0].text == e.items[1].text for e in site.editions]
    assert True in merged
    assert all(e.mismatches for e in site.editions)
    assert any(t.withdrawn for e in site.editions for t in e.tasks)
    assert any(i.withdrawn for e in site.editions for i in e.indicators)
    assert any(u.withdrawn for u in site.units) and any(u.former_slugs for u in site.units)
    assert any(u.note for u in site.units)
    assert any(not i.name for e in site.editions for i in e.indicators)  # a row with no name
    assert (FIXTURE / "site.yaml").is_file()
