"""Open data of the fixture site: the Data Package is valid for Frictionless, its checksums are real, and the
published CSV and JSON of both editions round-trip to the YAML figure for figure (compared as the text the
editor typed). tests/example/test_open_data.py holds the same checks of the example site."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from factory import FIXTURE

from disclosure.source import load

FRICTIONLESS = Path(sys.executable).parent / "frictionless"
YEARS = ["2024", "2025"]


def yaml(name: str) -> object:
    return load.load_yaml(FIXTURE / "data" / name, FIXTURE)


def read_csv(site: Path, path: str) -> list[dict[str, str]]:
    raw = (site / "data" / path).read_bytes()
    assert raw.startswith("\ufeff".encode()), f"{path}: no BOM, Excel would garble the Chinese"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), f"{path}: lines must end CRLF"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def read_json(site: Path, path: str) -> object:
    """JSON with every number kept as the literal text it was written as."""
    return json.loads((site / "data" / path).read_text("utf-8"), parse_float=str, parse_int=str)


def frictionless(target: Path) -> dict:
    run = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(target)], capture_output=True, text=True, check=False
    )
    return json.loads(run.stdout)


def test_the_data_package_is_valid(fixture_site: Path) -> None:
    report = frictionless(fixture_site / "data/datapackage.json")
    errors = [e for task in report["tasks"] for e in task["errors"]] + report["errors"]
    assert report["valid"], json.dumps(errors, ensure_ascii=False)[:2000]
    names = [task["name"] for task in report["tasks"]]
    assert sorted(names) == sorted(
        ["units", "areas", "units-json", "areas-json"]
        + [f"{n}-{year}" for year in YEARS for n in ("tasks", "task-units", "livelihood", "livelihood-targets")]
        + [f"{n}-json-{year}" for year in YEARS for n in ("tasks", "livelihood")]
        + [f"progress-{year}" for year in YEARS]  # both editions have reports
        + [f"progress-json-{year}" for year in YEARS]
    )


def test_a_changed_byte_fails_the_checksum(fixture_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(fixture_site / "data", copy)
    table = copy / "2024" / "livelihood.csv"
    assert b",12.5," in table.read_bytes()
    table.write_bytes(table.read_bytes().replace(b",12.5,", b",12.6,", 1))
    report = frictionless(copy / "datapackage.json")
    assert not report["valid"]
    types = {e["type"] for task in report["tasks"] for e in task["errors"]}
    assert "hash-count" in types or "byte-count" in types or "hash-count-error" in types, types


def test_every_file_in_the_package_has_its_true_size_and_hash(fixture_site: Path) -> None:
    package = json.loads((fixture_site / "data/datapackage.json").read_text("utf-8"))
    for r in package["resources"]:
        content = (fixture_site / "data" / r["path"]).read_bytes()
        assert r["bytes"] == len(content) and r["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    assert package["licenses"][0]["name"] == "CC0-1.0"
    titles = [s["title"] for s in package["sources"]]
    assert any("示政办发〔2024〕3号" in t for t in titles) and any("示政办发〔2025〕2号" in t for t in titles)


@pytest.mark.parametrize("year", YEARS)
def test_tasks_round_trip(fixture_site: Path, year: str) -> None:
    site = fixture_site
    tasks = yaml(f"{year}/tasks.yaml")
    expected = [(str(t["no"]), str(t["text"]), [str(u) for u in t["units"]]) for t in tasks]
    rows = read_csv(site, f"{year}/tasks.csv")
    assert [(r["no"], r["text"], r["units"].split("、")) for r in rows] == expected
    assert all(r["lead"] == r["units"].split("、")[0] for r in rows)
    pairs = read_csv(site, f"{year}/task_units.csv")
    assert [(p["task_no"], p["unit"]) for p in pairs] == [(no, u) for no, _, units in expected for u in units]
    data = read_json(site, f"{year}/tasks.json")
    assert [(t["no"], t["text"], t["units"]) for t in data] == expected


@pytest.mark.parametrize(("year", "rows", "decimal"), [("2024", 6, "12.5"), ("2025", 5, "0.5")])
def test_livelihood_round_trips_figure_for_figure(fixture_site: Path, year: str, rows: int, decimal: str) -> None:
    """Every target and area value, as typed in the YAML ("12.5", "/"), in the CSVs and the JSON."""
    site = fixture_site
    document, livelihood = yaml(f"{year}/document.yaml"), yaml(f"{year}/livelihood.yaml")
    areas = [str(a) for a in document["area_columns"]]
    expected = [
        (str(item["no"]), str(ind.get("name", "")), str(ind["target"]), [str(ind["breakdown"][a]) for a in areas])
        for item in livelihood["items"]
        for ind in item["indicators"]
    ]
    assert len(expected) == rows
    wide = read_csv(site, f"{year}/livelihood.csv")
    assert [(r["item_no"], r["indicator"], r["target"], [r[a] for a in areas]) for r in wide] == expected
    long = read_csv(site, f"{year}/livelihood_targets.csv")
    assert [(r["row"], r["area"], r["value"]) for r in long] == [
        (str(row), a, v)
        for row, (_, _, _, values) in enumerate(expected, start=1)
        for a, v in zip(areas, values, strict=True)
    ]
    data = read_json(site, f"{year}/livelihood.json")

    def as_typed(value: str | None) -> str:
        return "/" if value is None else value

    assert [
        (d["no"], d["indicator"] or "", as_typed(d["target"]), [as_typed(d["breakdown"][a]) for a in areas])
        for d in data
    ] == expected
    assert decimal in {v for _, _, _, values in expected for v in values}  # the decimal case is really exercised


def test_registries_round_trip(fixture_site: Path) -> None:
    site = fixture_site
    units, areas = yaml("units.yaml"), yaml("areas.yaml")
    fields = ("name", "full_name", "slug", "kind")
    for name, records in (("units", units), ("areas", areas)):
        expected = [tuple(str(r[f]) for f in fields) for r in records]
        assert [tuple(r[f] for f in fields) for r in read_csv(site, f"{name}.csv")] == expected
        assert [tuple(r[f] for f in fields) for r in read_json(site, f"{name}.json")] == expected
    assert [r["area"] for r in read_csv(site, "units.csv")] == [str(u.get("area", "")) for u in units]


def check_downloads_page(site: Path) -> None:
    """The downloads page lists every CSV and JSON file with its true size and SHA-256, and links each."""
    soup = BeautifulSoup((site / "data/index.html").read_text("utf-8"), "html.parser")
    rows = soup.find("table", class_="checksums").tbody.find_all("tr")
    listed = {r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.find_all("td")] for r in rows}
    files = sorted(
        p.relative_to(site / "data").as_posix()
        for p in (site / "data").rglob("*")
        if p.is_file() and p.suffix in (".csv", ".json") and "schemas" not in p.parts
    )
    assert sorted(listed) == files
    for path, (size, digest) in listed.items():
        content = (site / "data" / path).read_bytes()
        assert (int(size), digest) == (len(content), hashlib.sha256(content).hexdigest()), path
    hrefs = {a["href"] for a in soup.find("main").find_all("a")}
    assert {f"/data/{f}" for f in files} <= hrefs
    assert "“/”表示原表该地区没有目标任务,不是 0" in soup.find("main").get_text()


def test_the_downloads_page_lists_every_file_with_its_size_and_checksum(fixture_site: Path) -> None:
    check_downloads_page(fixture_site)


def test_the_downloads_page_describes_each_edition_s_progress_files(fixture_site: Path) -> None:
    """Each edition with reports lists progress.csv and progress.json, saying how the citywide line and / read."""
    soup = BeautifulSoup((fixture_site / "data/index.html").read_text("utf-8"), "html.parser")
    for year, count in (("2024", 3), ("2025", 1)):
        items = soup.find(id=f"data-{year}").find_next("ul").find_all("li")
        csv_item = next(li for li in items if li.a["href"] == f"/data/{year}/progress.csv")
        text = csv_item.get_text()
        assert f"{year}年 {count} 期进展通报" in text and "“地区”为空的一行是全市数" in text and "原文未标明" in text
        json_item = next(li for li in items if li.a["href"] == f"/data/{year}/progress.json")
        assert "“/”为 null,0 就是 0" in json_item.get_text()


@pytest.mark.parametrize("name", ["units.json", "areas.json"])
def test_registry_json_matches_its_schema(fixture_site: Path, name: str) -> None:
    from jsonschema import Draft202012Validator

    site = fixture_site
    schema = json.loads((site / "data/schemas" / f"{name}.schema.json").read_text("utf-8"))
    data = json.loads((site / "data" / name).read_text("utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
