"""The machine-readable downloads: data/<year>/tasks.json and livelihood.json equal the data, exactly."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from test_json_downloads import JSON_NUMBER, LIVELIHOOD_KEYS, TASK_KEYS, exact, load_json, load_literals, raw

from disclosure import urls
from disclosure.model import Edition, Site

AREA_COLUMNS_2023 = [
    "南湖区",
    "秀洲区",
    "嘉善县",
    "平湖市",
    "海盐县",
    "海宁市",
    "桐乡市",
    "嘉兴经济技术开发区",
    "浙江乍浦经济开发区(嘉兴港区)",
    "其他",
]


@pytest.fixture(scope="module")
def ed(site_model: Site) -> Edition:
    return site_model.latest


def test_tasks_json(site_dir: Path, ed: Edition) -> None:
    data = load_json(site_dir, ed, "tasks.json")
    assert isinstance(data, list) and len(data) == 118
    assert [list(entry) for entry in data] == [TASK_KEYS] * len(data)
    assert [(e["no"], e["text"], e["units"]) for e in data] == [
        (t.no, t.text, [u.name for u in t.units]) for t in ed.tasks
    ]
    assert all(e["lead"] == e["units"][0] for e in data)
    assert [e["url"] for e in data] == ["/" + urls.task(t) for t in ed.tasks]
    assert all(type(e["no"]) is int for e in data)


def test_livelihood_json_entries(site_dir: Path, ed: Edition) -> None:
    data = load_json(site_dir, ed, "livelihood.json")
    assert isinstance(data, list) and len(data) == 30
    assert [list(entry) for entry in data] == [LIVELIHOOD_KEYS] * len(data)
    rows = [(item, ind) for item in ed.items for ind in item.indicators]
    assert [(e["no"], e["row"], e["category"], e["item"], e["indicator"], e["lead"], e["url"]) for e in data] == [
        (item.no, ind.row, item.category.name, item.text, ind.name, item.lead.name, "/" + urls.project(item))
        for item, ind in rows
    ]
    assert all(e["indicator"] is None or isinstance(e["indicator"], str) for e in data)
    assert sum(e["indicator"] is None for e in data) == sum(ind.name is None for _, ind in rows) > 0


def test_livelihood_json_figures(site_dir: Path, ed: Edition) -> None:
    data = load_json(site_dir, ed, "livelihood.json")
    rows = [ind for item in ed.items for ind in item.indicators]
    for entry, ind in zip(data, rows, strict=True):
        label = f"item {ind.item_no} row {ind.row}"
        assert list(entry["breakdown"]) == AREA_COLUMNS_2023, label
        assert exact(entry["target"]) == ind.target.value, label
        assert {k: exact(v) for k, v in entry["breakdown"].items()} == {
            c.area.name: c.figure.value for c in ind.cells
        }, label
    nones = sum(v is None for e in data for v in e["breakdown"].values())
    assert nones == sum(c.figure.value is None for ind in rows for c in ind.cells) > 0


def test_livelihood_json_numbers_are_written_exactly(site_dir: Path, ed: Edition) -> None:
    text = raw(site_dir, ed, "livelihood.json")
    assert "33.3" in text and "33.29999" not in text and "33.30000" not in text
    assert not re.search(r"\d\.\d*(?:0000|9999)\d", text), "a float artefact in the JSON text"
    literals = load_literals(site_dir, ed, "livelihood.json")
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
    # spot checks from the document: item 23's 南湖区 figure and item 24's 海盐县 figure are decimals
    road = next(e for e in literals if e["no"] == "23")
    assert road["breakdown"]["南湖区"] == "33.3" and road["breakdown"]["嘉兴经济技术开发区"] is None
    street = next(e for e in literals if e["no"] == "24" and e["indicator"] == "城市道路")
    assert (street["target"], street["breakdown"]["海盐县"]) == ("8", "0.5")
