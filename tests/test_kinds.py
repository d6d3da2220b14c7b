"""The record kinds are declared once (disclosure/kinds.py) and every output loops over them: a kind added
to the registry reaches the deletion check, the history, the feeds, the search index, open data and the
page catalogue without a change to any of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from disclosure import kinds
from disclosure.config import Config
from disclosure.kinds import Identity, Kind, Nouns, PageSpec, SearchRecord, Subject, Table
from disclosure.model import Edition, Labels, Site
from disclosure.outputs import feeds, opendata, pages, search
from disclosure.source import changelog, load
from disclosure.source.load import Map, Seq, Str, Value
from disclosure.tools import deletions

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("data/units.yaml", ["unit"]),
        ("data/areas.yaml", ["area"]),
        ("data/2023/tasks.yaml", ["task"]),
        ("data/2023/livelihood.yaml", ["item", "row"]),
        ("data/2023/progress/2023-h1.yaml", ["report"]),
        ("data/progress/2023-h1.yaml", []),  # an edition's folder outside an edition
        ("data/2023/document.yaml", []),  # the edition itself: no record kind
        ("data/README.md", []),
        ("data/2023/units.yaml", []),  # a registry's file name inside an edition is none of its kinds
        ("data/tasks.yaml", []),  # an edition's file name outside an edition
        ("content/2023/tasks.yaml", []),
    ],
)
def test_a_data_file_holds_the_kinds_declared_for_it(path: str, names: list[str]) -> None:
    assert [k.name for k in kinds.of_file(path)] == names


def test_a_pattern_matches_files_of_its_depth_only() -> None:
    assert kinds.matches(("progress", "2023-06.yaml"), "progress/*.yaml")
    assert not kinds.matches(("progress", "06", "2023-06.yaml"), "progress/*.yaml")
    assert not kinds.matches(("2023-06.yaml",), "progress/*.yaml")


def test_every_kind_is_declared_once_with_its_file() -> None:
    declared = [*kinds.SITE_KINDS, *kinds.EDITION_KINDS]
    assert [k.name for k in declared] == ["unit", "area", "task", "item", "row", "report"]
    assert {k.name: k for k in declared} == kinds.KINDS
    assert kinds.pathspecs() == (
        ":(glob)data/units.yaml",
        ":(glob)data/areas.yaml",
        ":(glob)data/*/tasks.yaml",
        ":(glob)data/*/livelihood.yaml",
        ":(glob)data/*/progress/*.yaml",
    )
    # the history reads the kinds' files, and each edition's document.yaml (example: true publishes nothing)
    assert (*kinds.pathspecs(), ":(glob)data/*/document.yaml") == changelog.PATHSPECS


# An invented kind (a note per edition, data/<year>/notes.yaml), to show that no output names the kinds.


def note_identities(year: str, value: Value | None) -> list[Identity]:
    notes = [m for m in value if isinstance(m, Map)] if isinstance(value, Seq) else []
    return [
        Identity(
            kinds.identity_key("note", year, str(m["no"])),
            "note",
            year,
            str(m["no"]),
            f"note {m['no']}",
            str(m["text"]),
            m,
        )
        for m in notes
    ]


def note_facts(year: str, value: Value, labels: Labels) -> dict[str, kinds.Facts]:
    notes = [m for m in value if isinstance(m, Map)] if isinstance(value, Seq) else []
    return {kinds.history_key("note", year, m["no"]): {"text": ("备注内容", str(m["text"]))} for m in notes}


def note_subjects(ed: Edition) -> dict[str, Subject]:
    return {
        kinds.history_key("note", ed.year, 1): Subject(
            f"{ed.year}年备注第1项", f"{ed.year}/notes/", frozenset(), frozenset()
        )
    }


def note_search(ed: Edition) -> list[SearchRecord]:
    return [SearchRecord(f"{ed.year}/notes/", f"{ed.year}年备注", "备注", "备注正文", {"kind": ["备注"]})]


def note_tables(ed: Edition, base: str, labels: Labels) -> list[Table]:
    return [(f"{ed.year}/notes.csv", [kinds.field("no", "integer", "序号")], [[1]], {"primaryKey": ["no"]})]


def note_json(ed: Edition, base: str) -> dict[str, object]:
    return {f"{ed.year}/notes.json": [{"no": 1}]}


def note_pages(ed: Edition) -> Iterator[PageSpec]:
    yield f"{ed.year}/notes/", "notes.html", {"ed": ed}, f"{ed.year} note index"


NOTE: Kind[Edition] = Kind(
    "note",
    "notes.yaml",
    Nouns("note", "notes", "text"),
    note_identities,
    search_label="备注",
    facts=note_facts,
    subjects=note_subjects,
    search=note_search,
    tables=note_tables,
    json=note_json,
    pages=note_pages,
)


@pytest.fixture
def with_notes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The registry with the invented kind added after the livelihood rows."""
    monkeypatch.setattr(kinds, "EDITION_KINDS", (*kinds.EDITION_KINDS, NOTE))
    monkeypatch.setattr(kinds, "KINDS", {**kinds.KINDS, "note": NOTE})
    kinds.of_file.cache_clear()
    yield
    kinds.of_file.cache_clear()


def notes_value() -> Seq:
    return Seq([Map({Str("no", None): Str("1", None), Str("text", None): Str("第一条备注", None)})])  # type: ignore[arg-type]


@pytest.mark.usefixtures("with_notes")
def test_a_new_kind_reaches_every_output(fixture_model: Site, fixture_project: Path) -> None:
    year = fixture_model.latest.year
    notes = notes_value()
    assert [k.name for k in kinds.of_file(f"data/{year}/notes.yaml")] == ["note"]
    assert kinds.pathspecs()[-1] == ":(glob)data/*/notes.yaml"
    # the deletion check and the history
    assert [r.key for r in deletions.identities(f"data/{year}/notes.yaml", notes)] == [f"{year} note 1"]
    assert changelog.facts(f"data/{year}/notes.yaml", notes, fixture_model.info.labels) == {
        f"{year}/note/1": {"text": ("备注内容", "第一条备注")}
    }
    sources = load.read_sources(fixture_project)
    sources.editions[str(year)]["notes"] = notes
    assert [r.key for r in deletions.current(sources)[f"data/{year}/notes.yaml"]] == [f"{year} note 1"]
    # feeds, search, pages
    assert feeds.subjects(fixture_model)[f"{year}/note/1"].path == f"{year}/notes/"
    records = search.search_records(fixture_model)
    assert f"{year}/notes/" in [r.path for r in records]
    assert [p for p, *_ in pages.page_specs(fixture_model) if p == f"{year}/notes/"] == [f"{year}/notes/"]
    # open data: the files, and the Data Package describing them
    files, facts = opendata.open_data(fixture_model, Config().settle(fixture_model.info), changelog.UNAVAILABLE)
    assert {f"{year}/notes.csv", f"{year}/notes.json"} <= files.keys() <= facts.keys()
    described = {r["path"] for r in json.loads(files["datapackage.json"])["resources"]}
    assert {f"{year}/notes.csv", f"{year}/notes.json"} <= described


def test_the_registry_gives_what_the_outputs_listed(fixture_model: Site) -> None:
    """The kinds give the records the outputs named one by one before: every task, item, row, unit, area."""
    eds = fixture_model.editions
    keys = feeds.subjects(fixture_model).keys()
    assert list(keys) == [
        k
        for ed in eds
        for k in [
            *(kinds.task_key(ed.year, t.no) for t in ed.tasks),
            *(kinds.item_key(ed.year, i.no) for i in ed.items),
            *(kinds.history_key("report", ed.year, r.slug) for r in ed.reports),
        ]
    ]
    counted = {
        kind: sum(r.kind == kind for r in search.search_records(fixture_model))
        for kind in ("重点工作", "民生实事", "责任单位", "地区", "原文件", "进展通报")
    }
    assert counted == {
        "重点工作": sum(len(ed.tasks) for ed in eds),
        "民生实事": sum(len(ed.items) for ed in eds),
        "责任单位": len(fixture_model.units),
        "地区": len(fixture_model.areas),
        "原文件": len(eds),
        "进展通报": sum(len(ed.reports) for ed in eds),
    }
    tables = [path for path, *_ in opendata.tables(fixture_model, "/")]
    per_edition = ["tasks.csv", "task_units.csv", "livelihood.csv", "livelihood_targets.csv", "progress.csv"]
    assert tables == ["units.csv", "areas.csv", *(f"{ed.year}/{name}" for ed in eds for name in per_edition)]
