"""Open data: the Data Package is valid for Frictionless, its checksums are real, and the published CSV
and JSON round-trip to the YAML figure for figure (compared as the text the editor typed)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from test_downloads import check_downloads_page, frictionless, read_csv, read_json

from disclosure.source import load

ROOT = Path(__file__).resolve().parents[2]
YEAR = "2023"


def yaml(name: str) -> object:
    return load.load_yaml(ROOT / "data" / name, ROOT)


def test_the_data_package_is_valid(site_dir: Path) -> None:
    report = frictionless(site_dir / "data/datapackage.json")
    errors = [e for task in report["tasks"] for e in task["errors"]] + report["errors"]
    assert report["valid"], json.dumps(errors, ensure_ascii=False)[:2000]
    names = [task["name"] for task in report["tasks"]]
    assert sorted(names) == sorted(
        ["units", "areas", "units-json", "areas-json"]
        + [f"{n}-{YEAR}" for n in ("tasks", "task-units", "livelihood", "livelihood-targets", "progress")]
        + [f"{n}-json-{YEAR}" for n in ("tasks", "livelihood", "progress")]
    )


def test_a_changed_byte_fails_the_checksum(site_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(site_dir / "data", copy)
    table = copy / YEAR / "livelihood.csv"
    table.write_bytes(table.read_bytes().replace(b",33.3,", b",33.4,", 1))
    report = frictionless(copy / "datapackage.json")
    assert not report["valid"]
    types = {e["type"] for task in report["tasks"] for e in task["errors"]}
    assert "hash-count" in types or "byte-count" in types or "hash-count-error" in types, types


def test_every_file_in_the_package_has_its_true_size_and_hash(site_dir: Path) -> None:
    package = json.loads((site_dir / "data/datapackage.json").read_text("utf-8"))
    for r in package["resources"]:
        content = (site_dir / "data" / r["path"]).read_bytes()
        assert r["bytes"] == len(content) and r["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert "嘉政办发〔2023〕7号" in package["sources"][0]["title"]


def test_tasks_round_trip(site_dir: Path) -> None:
    tasks = yaml(f"{YEAR}/tasks.yaml")
    expected = [(str(t["no"]), str(t["text"]), [str(u) for u in t["units"]]) for t in tasks]
    rows = read_csv(site_dir, f"{YEAR}/tasks.csv")
    assert [(r["no"], r["text"], r["units"].split("、")) for r in rows] == expected
    assert all(r["lead"] == r["units"].split("、")[0] for r in rows)
    pairs = read_csv(site_dir, f"{YEAR}/task_units.csv")
    assert [(p["task_no"], p["unit"]) for p in pairs] == [(no, u) for no, _, units in expected for u in units]
    data = read_json(site_dir, f"{YEAR}/tasks.json")
    assert [(t["no"], t["text"], t["units"]) for t in data] == expected


def test_livelihood_round_trips_figure_for_figure(site_dir: Path) -> None:
    """Every target and area value, as typed in the YAML ("33.3", "/"), in the CSVs and the JSON."""
    document, livelihood = yaml(f"{YEAR}/document.yaml"), yaml(f"{YEAR}/livelihood.yaml")
    areas = [str(a) for a in document["area_columns"]]
    expected = [
        (str(item["no"]), str(ind.get("name", "")), str(ind["target"]), [str(ind["breakdown"][a]) for a in areas])
        for item in livelihood["items"]
        for ind in item["indicators"]
    ]
    assert len(expected) == 30
    wide = read_csv(site_dir, f"{YEAR}/livelihood.csv")
    assert [(r["item_no"], r["indicator"], r["target"], [r[a] for a in areas]) for r in wide] == expected
    long = read_csv(site_dir, f"{YEAR}/livelihood_targets.csv")
    assert [(r["row"], r["area"], r["value"]) for r in long] == [
        (str(row), a, v)
        for row, (_, _, _, values) in enumerate(expected, start=1)
        for a, v in zip(areas, values, strict=True)
    ]
    data = read_json(site_dir, f"{YEAR}/livelihood.json")

    def as_typed(value: str | None) -> str:
        return "/" if value is None else value

    assert [
        (d["no"], d["indicator"] or "", as_typed(d["target"]), [as_typed(d["breakdown"][a]) for a in areas])
        for d in data
    ] == expected
    assert "33.3" in {v for _, _, _, values in expected for v in values}  # the decimal case is really exercised


def test_registries_round_trip(site_dir: Path) -> None:
    units, areas = yaml("units.yaml"), yaml("areas.yaml")
    fields = ("name", "full_name", "slug", "kind")
    for name, records in (("units", units), ("areas", areas)):
        expected = [tuple(str(r[f]) for f in fields) for r in records]
        assert [tuple(r[f] for f in fields) for r in read_csv(site_dir, f"{name}.csv")] == expected
        assert [tuple(r[f] for f in fields) for r in read_json(site_dir, f"{name}.json")] == expected
    assert [r["area"] for r in read_csv(site_dir, "units.csv")] == [str(u.get("area", "")) for u in units]


def test_the_downloads_page_lists_every_file_with_its_size_and_checksum(site_dir: Path) -> None:
    check_downloads_page(site_dir)


@pytest.mark.parametrize("name", ["units.json", "areas.json"])
def test_registry_json_matches_its_schema(site_dir: Path, name: str) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((site_dir / "data/schemas" / f"{name}.schema.json").read_text("utf-8"))
    data = json.loads((site_dir / "data" / name).read_text("utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_the_downloads_page_says_label_and_unit_are_the_editors(site_dir: Path) -> None:
    """Every 2023 row has an editors' label and unit: the page says whose they are, where it lists the files."""
    text = (site_dir / "data" / "index.html").read_text("utf-8")
    assert "<code>label</code>(指标名称)和 <code>unit</code>(计量单位)两列由本站编者补充,原表没有。" in text
    assert "便于筛选和作图,含计量单位 <code>unit</code>。" in text
