"""Open data of the progress reports: each edition's progress.json and progress.csv round-trip to the reports'
YAML entry for entry, figure for figure (compared as the text the editor typed, "/" apart from 0), with the
document's targets beside them; the JSON satisfies its published schema; an edition without reports has no
files. The fixture has no "/" in a report, so a second build writes one (a citywide and an area figure) and
drops 2025's only report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from factory import FIXTURE, build_fixture
from jsonschema import Draft202012Validator, FormatChecker

from disclosure.source import load
from disclosure.source.fields import DEFAULT_STATUSES, UNSTATED

# The second build's edits: row 2 of the 全年 report gives no citywide figure, row 1 a "/" for 其他 (whose target
# is / too), and 2025 keeps no report.
ANNUAL = "data/2024/progress/2024-annual.yaml"
SLASHES = {
    ANNUAL: [
        ("  - row: 2\n    status: 已完成\n    completed: 612\n", "  - row: 2\n    status: 已完成\n    completed: /\n"),
        ("      示例经济开发区(示例港区): 2\n    text:", "      示例经济开发区(示例港区): 2\n      其他: /\n    text:"),
    ],
    "data/2025/progress/2025-q1.yaml": None,
}
DONE = {name: done for name, done in DEFAULT_STATUSES} | {UNSTATED: None}  # the fixture's site.yaml sets none
JSON_KEYS = [
    "report",
    "title",
    "period",
    "as_of",
    "published",
    "publisher",
    "source",
    "report_url",
    "record",
    "task",
    "row",
    "item",
    "status",
    "done",
    "text",
    "completed",
    "target",
    "unit",
    "breakdown",
    "url",
]


@pytest.fixture(scope="module")
def slashed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, site) of the fixture with SLASHES applied."""
    project, site, _ = build_fixture(tmp_path_factory.mktemp("progress-data"), SLASHES)
    return project, site


def builds(fixture_site: Path, slashed: tuple[Path, Path]) -> list[tuple[Path, Path]]:
    return [(FIXTURE, fixture_site), slashed]


def typed(project: Path, year: str) -> tuple[list[tuple], dict[str, dict]]:
    """What the YAML says, as typed: an entry per record per report ((report, record, ref) first), sorted, and
    each row's targets (citywide and per area) from livelihood.yaml."""
    targets: dict[str, dict] = {}
    row = 0
    for item in load.load_yaml(project / f"data/{year}/livelihood.yaml", project)["items"]:
        for ind in item["indicators"]:
            row += 1
            breakdown = ind.get("breakdown")
            targets[str(row)] = {"": str(ind["target"]), **{str(a): str(v) for a, v in (breakdown or {}).items()}}
    entries = []
    for path in sorted((project / f"data/{year}/progress").glob("*.yaml")):
        r = load.load_yaml(path, project)
        src = r["source"]
        head = (path.stem, str(r["title"]), str(r["period"]), str(r["as_of"]), str(r["published"]), str(r["publisher"]))
        source = (str(src["name"]), str(src.get("doc_no", "")), str(src.get("url", "")))
        for t in r.get("tasks", []):
            entries.append((path.stem, "task", str(t["task"]), *head, *source, str(t["status"]), str(t["text"]), ()))
        for e in r.get("livelihood", []):
            no = str(e["row"])
            areas = tuple((str(a), str(v), targets[no][str(a)]) for a, v in e.get("breakdown", {}).items())
            figures = (("", str(e["completed"]), targets[no][""]), *areas)
            entries.append((path.stem, "row", no, *head, *source, str(e["status"]), str(e.get("text", "")), figures))
    return sorted(entries), targets


def as_typed(value: str | None) -> str:
    """A JSON figure read as its literal text, null as the "/" it stands for."""
    return "/" if value is None else value


def read_json(site: Path, year: str) -> list[dict]:
    return json.loads((site / f"data/{year}/progress.json").read_text("utf-8"), parse_float=str, parse_int=str)


def read_csv(site: Path, year: str) -> list[dict[str, str]]:
    raw = (site / f"data/{year}/progress.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_both_builds_exercise_0_and_slash(slashed: tuple[Path, Path]) -> None:
    """The fixture gives 0 (示例经济开发区 in 上半年); the second build / for a citywide and an area figure."""
    fixture, _ = typed(FIXTURE, "2024")
    assert ("示例经济开发区(示例港区)", "0", "2") in [f for e in fixture for f in e[-1]]
    entries, _ = typed(slashed[0], "2024")
    figures = [f for e in entries for f in e[-1]]
    assert ("", "/", "600") in figures and ("其他", "/", "/") in figures


@pytest.mark.parametrize("which", [0, 1], ids=["fixture", "slashed"])
def test_progress_json_round_trips_to_the_yaml(fixture_site: Path, slashed: tuple[Path, Path], which: int) -> None:
    project, site = builds(fixture_site, slashed)[which]
    expected, _ = typed(project, "2024")
    data = read_json(site, "2024")
    assert [list(d) for d in data] == [JSON_KEYS] * len(data)
    found = []
    for d in data:
        ref = d["task"] if d["record"] == "task" else d["row"]
        src = d["source"]
        head = (d["report"], d["title"], d["period"], d["as_of"], d["published"], d["publisher"])
        source = (src["name"], src["doc_no"] or "", src["url"] or "")
        figures: tuple = ()
        if d["record"] == "row":
            areas = tuple(
                (a, as_typed(f["completed"]), as_typed(f["target"])) for a, f in (d["breakdown"] or {}).items()
            )
            figures = (("", as_typed(d["completed"]), as_typed(d["target"])), *areas)
        else:
            assert (d["row"], d["item"], d["completed"], d["target"], d["unit"], d["breakdown"]) == (None,) * 6
        found.append((d["report"], d["record"], ref, *head, *source, d["status"], d["text"] or "", figures))
        assert d["done"] is DONE[d["status"]]
        assert d["report_url"] == f"/2024/progress/{d['report']}/"
        assert d["url"] == (
            f"/2024/tasks/{ref}/" if d["record"] == "task" else f"/2024/projects/{d['item']}/#row-{ref}"
        )
    assert sorted(found) == expected
    assert len(found) == len(expected) == 6 + 1 + 5 + 2 + 4  # 全年, 1-5月 and 上半年: every entry once


@pytest.mark.parametrize("which", [0, 1], ids=["fixture", "slashed"])
def test_progress_csv_round_trips_to_the_yaml(fixture_site: Path, slashed: tuple[Path, Path], which: int) -> None:
    """A line per record per report per area: a task's line and a row's citywide line have an empty area."""
    project, site = builds(fixture_site, slashed)[which]
    expected, _ = typed(project, "2024")
    records: dict[tuple, list[dict[str, str]]] = {}
    for line in read_csv(site, "2024"):
        assert line["year"] == "2024"
        ref = line["task"] or line["row"]
        records.setdefault((line["report"], line["record"], ref), []).append(line)
    found = []
    for (report, record, ref), lines in records.items():
        first = lines[0]
        assert first["area"] == "" and all(line["area"] for line in lines[1:])
        for line in lines:  # a long table: every line carries its record's report, status and words
            assert {k: line[k] for k in ("title", "status", "done", "text")} == {
                k: first[k] for k in ("title", "status", "done", "text")
            }
        head = (report, first["title"], first["period"], first["as_of"], first["published"], first["publisher"])
        source = (first["source_name"], first["source_doc_no"], first["source_url"])
        figures = tuple((line["area"], line["completed"], line["target"]) for line in lines) if record == "row" else ()
        if record == "task":
            assert len(lines) == 1 and (first["row"], first["completed"], first["target"], first["unit"]) == ("",) * 4
        found.append((report, record, ref, *head, *source, first["status"], first["text"], figures))
        done = DONE[first["status"]]
        assert first["done"] == ("" if done is None else str(done).lower())
    assert sorted(found) == expected


def test_the_csv_says_unstated_apart_from_not_done(fixture_site: Path) -> None:
    """Task 7's 原文未标明 has an empty done; 未启动 (task 5, 上半年) is false; 提前完成 true."""
    lines = {(line["report"], line["task"]): line for line in read_csv(fixture_site, "2024") if line["task"]}
    assert lines["2024-h1", "7"]["done"] == "" and lines["2024-h1", "7"]["status"] == UNSTATED
    assert lines["2024-h1", "5"]["done"] == "false" and lines["2024-annual", "4"]["done"] == "true"


def test_decimals_are_written_exactly(fixture_site: Path) -> None:
    """38.5 and 12.5 (row 5, 全年) are the literal numbers of the JSON, not floats' renderings."""
    raw = (fixture_site / "data/2024/progress.json").read_text("utf-8")
    assert '"completed": 38.5' in raw and '"completed": 12.5' in raw and '"target": 12.5' in raw
    assert '"completed": 0,' in raw  # 0 completed is a number, not null


@pytest.mark.parametrize("which", [0, 1], ids=["fixture", "slashed"])
def test_progress_json_satisfies_its_schema(fixture_site: Path, slashed: tuple[Path, Path], which: int) -> None:
    _, site = builds(fixture_site, slashed)[which]
    schema = json.loads((site / "data/schemas/progress.json.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for year in ("2024", "2025") if which == 0 else ("2024",):
        data = json.loads((site / f"data/{year}/progress.json").read_text("utf-8"))
        assert list(validator.iter_errors(data)) == []


def test_the_schema_refuses_a_task_entry_with_figures(fixture_site: Path) -> None:
    schema = json.loads((fixture_site / "data/schemas/progress.json.schema.json").read_text("utf-8"))
    data = json.loads((fixture_site / "data/2024/progress.json").read_text("utf-8"))
    task = next(d for d in data if d["record"] == "task")
    assert not list(Draft202012Validator(schema).iter_errors([task]))
    assert list(Draft202012Validator(schema).iter_errors([{**task, "completed": 3}]))
    assert list(Draft202012Validator(schema).iter_errors([{**task, "done": None, "status": "推进缓慢"}]))


def test_an_edition_without_reports_has_no_progress_files(slashed: tuple[Path, Path]) -> None:
    _, site = slashed
    assert not (site / "data/2025/progress.json").exists() and not (site / "data/2025/progress.csv").exists()
    package = json.loads((site / "data/datapackage.json").read_text("utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert {"progress-2024", "progress-json-2024"} <= names and not {"progress-2025", "progress-json-2025"} & names


def test_the_package_declares_the_progress_table(fixture_site: Path) -> None:
    """progress.csv's schema: "/" and "" are missing values, its key is a record of a report at an area, its rows
    and areas refer to the livelihood table and the area registry."""
    package = json.loads((fixture_site / "data/datapackage.json").read_text("utf-8"))
    table = next(r for r in package["resources"] if r["name"] == "progress-2024")
    schema = table["schema"]
    assert schema["missingValues"] == ["", "/"]
    assert schema["primaryKey"] == ["report", "record", "task", "row", "area"]
    assert schema["foreignKeys"] == [
        {"fields": "row", "reference": {"resource": "livelihood-2024", "fields": "row"}},
        {"fields": "area", "reference": {"resource": "areas", "fields": "name"}},
    ]
    header = next(csv.reader(io.StringIO((fixture_site / "data/2024/progress.csv").read_text("utf-8-sig"))))
    assert [f["name"] for f in schema["fields"]] == header
    listed = next(r for r in package["resources"] if r["name"] == "progress-json-2024")
    assert listed["jsonSchema"] == "schemas/progress.json.schema.json"


def test_the_readme_documents_every_key_of_progress_json() -> None:
    """Each key of an entry (and of its source and breakdown) is named in README.md's Machine-readable data."""
    from factory import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("`/data/<year>/progress.json` (only") : readme.index("`/data/schemas/`")]
    missing = [k for k in [*JSON_KEYS, "name", "doc_no", "url"] if f'"{k}":' not in section]
    assert not missing
