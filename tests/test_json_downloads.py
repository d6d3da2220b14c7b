"""The fixture site's machine-readable downloads: each edition's tasks.json and livelihood.json equal the
data, exactly. (tests/example/test_data_json.py holds the same of the example site, with its real figures.)"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure import urls
from disclosure.model import Edition, Site

AREA_COLUMNS = {  # 北湖新区 is a column of 2025's table only
    2024: ["东湖区", "西山县", "南江市", "示例经济开发区(示例港区)", "其他"],
    2025: ["东湖区", "西山县", "南江市", "示例经济开发区(示例港区)", "北湖新区", "其他"],
}
COUNTS = {2024: (7, 6), 2025: (4, 5)}  # tasks, indicator rows
TASK_KEYS = ["no", "text", "units", "lead", "url", "withdrawn"]  # README, "Machine-readable data"
LIVELIHOOD_KEYS = ["no", "row", "category", "item", "indicator", "label", "unit", "target", "lead", "breakdown"]
LIVELIHOOD_KEYS += ["url", "withdrawn"]
JSON_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")  # no sign, exponent or leading zeros


def raw(site: Path, ed: Edition, name: str) -> str:
    return (site / urls.data_file(ed, name)).read_text("utf-8")


def load_json(site: Path, ed: Edition, name: str) -> list[dict]:
    return json.loads(raw(site, ed, name))


def load_literals(site: Path, ed: Edition, name: str) -> list[dict]:
    """The file with every number kept as the literal text written in the JSON."""
    return json.loads(raw(site, ed, name), parse_int=str, parse_float=str)


def exact(value: object) -> Decimal | None:
    """A JSON number as the exact decimal it spells (the brief's check: Decimal(str(value)))."""
    if value is None:
        return None
    assert isinstance(value, int | float) and not isinstance(value, bool), f"{value!r} is not a JSON number"
    return Decimal(str(value))


@pytest.fixture(scope="module", params=[2024, 2025], ids=lambda year: f"edition-{year}")
def ed(request: pytest.FixtureRequest, fixture_model: Site) -> Edition:
    return next(e for e in fixture_model.editions if e.year == request.param)


@pytest.fixture(scope="module")
def site(fixture_site: Path) -> Path:
    return fixture_site


def test_tasks_json(site: Path, ed: Edition) -> None:
    data = load_json(site, ed, "tasks.json")
    assert isinstance(data, list) and len(data) == COUNTS[ed.year][0]
    assert [list(entry) for entry in data] == [TASK_KEYS] * len(data)
    assert [(e["no"], e["text"], e["units"]) for e in data] == [
        (t.no, t.text, [u.name for u in t.units]) for t in ed.tasks
    ]
    assert all(e["lead"] == e["units"][0] for e in data)
    assert [e["url"] for e in data] == ["/" + urls.task(t) for t in ed.tasks]
    assert all(type(e["no"]) is int for e in data)
    assert [e["withdrawn"] for e in data] == [
        t.withdrawn and {"date": t.withdrawn.date.isoformat(), "reason": t.withdrawn.reason} for t in ed.tasks
    ]


def test_livelihood_json_entries(site: Path, ed: Edition) -> None:
    data = load_json(site, ed, "livelihood.json")
    assert isinstance(data, list) and len(data) == COUNTS[ed.year][1]
    assert [list(entry) for entry in data] == [LIVELIHOOD_KEYS] * len(data)
    rows = [(item, ind) for item in ed.items for ind in item.indicators]
    assert [(e["no"], e["row"], e["category"], e["item"], e["indicator"], e["lead"], e["url"]) for e in data] == [
        (item.no, ind.row, item.category.name, item.text, ind.name, item.lead.name, "/" + urls.project(item))
        for item, ind in rows
    ]
    assert all(e["indicator"] is None or isinstance(e["indicator"], str) for e in data)
    assert sum(e["indicator"] is None for e in data) == sum(ind.name is None for _, ind in rows)
    assert [e["withdrawn"] is not None for e in data] == [ind.withdrawn is not None for _, ind in rows]


def test_both_kinds_of_indicator_rows_are_exercised(fixture_model: Site) -> None:
    """A row with no name (its indicator is null) and a withdrawn row are among the fixture's."""
    rows = [ind for ed in fixture_model.editions for item in ed.items for ind in item.indicators]
    assert any(ind.name is None for ind in rows) and any(ind.withdrawn for ind in rows)


def test_livelihood_json_figures(site: Path, ed: Edition) -> None:
    data = load_json(site, ed, "livelihood.json")
    rows = [ind for item in ed.items for ind in item.indicators]
    for entry, ind in zip(data, rows, strict=True):
        label = f"item {ind.item_no} row {ind.row}"
        assert list(entry["breakdown"]) == AREA_COLUMNS[ed.year], label
        assert exact(entry["target"]) == ind.target.value, label
        assert {k: exact(v) for k, v in entry["breakdown"].items()} == {
            c.area.name: c.figure.value for c in ind.cells
        }, label
    nones = sum(v is None for e in data for v in e["breakdown"].values())
    assert nones == sum(c.figure.value is None for ind in rows for c in ind.cells) > 0


def test_livelihood_json_numbers_are_written_exactly(site: Path, ed: Edition) -> None:
    text = raw(site, ed, "livelihood.json")
    decimal = {2024: "12.5", 2025: "0.5"}[ed.year]
    assert decimal in text
    assert not re.search(r"\d\.\d*(?:0000|9999)\d", text), "a float artefact in the JSON text"
    literals = load_literals(site, ed, "livelihood.json")
    rows = [ind for item in ed.items for ind in item.indicators]
    for entry, ind in zip(literals, rows, strict=True):
        pairs = [(entry["target"], ind.target.value)]
        pairs += [(entry["breakdown"][c.area.name], c.figure.value) for c in ind.cells]
        for literal, value in pairs:
            if value is None:
                assert literal is None  # '/' is null, never 0
                continue
            assert isinstance(literal, str) and JSON_NUMBER.fullmatch(literal), literal
            assert Decimal(literal) == value, f"item {ind.item_no} row {ind.row}: {literal} != {value}"
    # spot checks written out from the fixture's files: decimals, and '/' as null
    if ed.year == 2024:
        road = next(e for e in literals if e["no"] == "4" and e["indicator"] == "农村公路")
        assert road["breakdown"]["东湖区"] == "12.5" and road["breakdown"]["其他"] is None
    else:
        training = next(e for e in literals if e["no"] == "2" and e["indicator"] == "新就业形态劳动者")
        assert (training["target"], training["breakdown"]["东湖区"]) == ("0.5", "0.2")
