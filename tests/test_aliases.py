"""The editors' search aliases (data/aliases.yaml): optional, validated at file:line:col like every data file,
and written with the areas' and units' names and pinyin into the search bundle's names.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factory import make_project

from disclosure.build.pipeline import build
from disclosure.errors import DataError
from disclosure.model import Alias
from disclosure.outputs import search
from disclosure.source import load, validate

ALIASES = "data/aliases.yaml"
GOOD = "- name: 发改委\n  target: 市发展改革委\n- name: 托幼\n  target: 托育\n"


def site_of(tmp_path: Path, text: str | None):
    project = make_project(tmp_path / "project", {ALIASES: text} if text is not None else {})
    return validate.build_site(load.read_sources(project))


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DataError) as refused:
        site_of(tmp_path, text)
    return [f"{p.pos}: {p.record}: {p.message}" for p in refused.value.problems]


def test_a_site_without_aliases_has_none(tmp_path: Path) -> None:
    assert site_of(tmp_path, None).aliases == ()


def test_aliases_are_read_in_the_file_s_order(tmp_path: Path) -> None:
    site = site_of(tmp_path, GOOD)
    assert [(a.name, a.target) for a in site.aliases] == [("发改委", "市发展改革委"), ("托幼", "托育")]
    assert all(isinstance(a, Alias) for a in site.aliases)


BAD = [
    (
        "- name: 发改委\n  target: 市发改委\n",
        "data/aliases.yaml:2:11: alias 发改委: target: found '市发改委', which is no unit or area name and no phrase "
        "of any record's text, expected what the data calls it (a search for it would find nothing); did you mean "
        "市发展改革委 or 示例市发展和改革委员会 or 市委编办?",
    ),
    (
        "- name: 市教育局\n  target: 市发展改革委\n",
        "data/aliases.yaml:1:9: alias 市教育局: name: found '市教育局', which is itself the name of a unit or area, "
        "expected a word the data does not use as a name: its search finds it already",
    ),
    (
        "- name: 托幼\n  target: 托育\n- name: 托幼\n  target: 托育\n",
        "data/aliases.yaml:3:9: alias 托幼: alias '托幼' is listed twice (first at line 1, letter case aside), "
        "expected each alias once",
    ),
    (
        "- name: GDP\n  target: 托育\n- name: gdp\n  target: 托育\n",
        "data/aliases.yaml:3:9: alias gdp: alias 'gdp' is listed twice (first at line 1, letter case aside), "
        "expected each alias once",
    ),
    (
        "- name: 发 改委\n  target: 市发展改革委\n",
        "data/aliases.yaml:1:9: alias 发 改委: name: found '发 改委', expected one word of letters and digits: "
        "a search splits a query at spaces and punctuation, so it would never be asked as it is written",
    ),
    (
        "- name: 托位\n  target: 停车位\n",
        "data/aliases.yaml:1:9: alias 托位: name: found '托位', which records' text uses, expected a word the data "
        "does not use: a search for it would look for '停车位' instead and miss the records that say '托位'",
    ),
    ("[]\n", "data/aliases.yaml:1:1: aliases.yaml: found an empty list, expected a non-empty list of aliases"),
    ("- name: 托幼\n  target: ''\n", "data/aliases.yaml:2:11: alias 托幼: target: found nothing, expected text"),
    ("- name: 托幼\n", "data/aliases.yaml:1:3: alias 托幼: missing field 'target'"),
    (
        "- name: 托幼\n  target: 托育\n  note: x\n",
        "data/aliases.yaml:3:3: alias 托幼: unknown field 'note', expected one of: name, target",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_a_bad_alias_is_reported_at_its_line(tmp_path: Path, text: str, expected: str) -> None:
    assert messages(tmp_path, text) == [expected]


def test_names_json_holds_names_pinyin_and_aliases(tmp_path: Path) -> None:
    """The bundle's names.json: each area with its short name and pinyin, each unit with its aliases."""
    project = make_project(tmp_path / "project", {ALIASES: GOOD})
    out = tmp_path / "site"
    build(project, out)
    names = json.loads((out / "pagefind" / search.NAMES).read_text("utf-8"))
    assert names["aliases"] == {"发改委": "市发展改革委", "托幼": "托育"}
    by_name = {r["name"]: r for r in names["records"]}
    unit = by_name["市发展改革委"]
    assert unit["aliases"] == ["发改委"] and unit["filter"] == "department"
    assert unit["path"] == "departments/development-reform/"
    area = next(r for r in names["records"] if r["filter"] == "area" and r["name"].endswith("市"))
    short = area["name"][:-1]
    assert short in area["names"] and area["pinyin"][search.pinyin(short)] == short
    assert search.pinyin("海宁") == "haining"
