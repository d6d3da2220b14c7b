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
    return [str(p) for p in refused.value.problems]


def test_a_site_without_aliases_has_none(tmp_path: Path) -> None:
    assert site_of(tmp_path, None).aliases == ()


def test_aliases_are_read_in_the_file_s_order(tmp_path: Path) -> None:
    site = site_of(tmp_path, GOOD)
    assert [(a.name, a.target) for a in site.aliases] == [("发改委", "市发展改革委"), ("托幼", "托育")]
    assert all(isinstance(a, Alias) for a in site.aliases)


BAD = [
    (
        "- name: 发改委\n  target: 市发改委\n",
        (
            "data/aliases.yaml:2:11:别名“发改委”的所指名称是“市发改委”,它既不是单位或地区的名称,"
            "也不是任何记录文字中的词语,应为数据中的叫法(否则搜索它什么也找不到)。"
            "是不是“市发展改革委”或“示例市发展和改革委员会”或“市委编办”?"
        ),
    ),
    (
        "- name: 市教育局\n  target: 市发展改革委\n",
        (
            "data/aliases.yaml:1:9:别名“市教育局”的名称是“市教育局”,它本身就是单位或地区的名称,"
            "应为数据中没有用作名称的词:搜索它本来就能找到。"
        ),
    ),
    (
        "- name: 托幼\n  target: 托育\n- name: 托幼\n  target: 托育\n",
        "data/aliases.yaml:3:9:别名“托幼”重复(第1行已有,不计大小写),每个别名只能写一次。",
    ),
    (
        "- name: GDP\n  target: 托育\n- name: gdp\n  target: 托育\n",
        "data/aliases.yaml:3:9:别名“gdp”重复(第1行已有,不计大小写),每个别名只能写一次。",
    ),
    (
        "- name: 发 改委\n  target: 市发展改革委\n",
        (
            "data/aliases.yaml:1:9:别名“发 改委”的名称是“发 改委”,应为一个由文字和数字组成的词:"
            "搜索会在空格和标点处拆开查询,这样写的别名永远不会被原样查到。"
        ),
    ),
    (
        "- name: 托位\n  target: 停车位\n",
        (
            "data/aliases.yaml:1:9:别名“托位”的名称是“托位”,记录的文字中用到了它,应为数据中没有用到的词:"
            "否则搜索它会改查“停车位”,漏掉写着“托位”的记录。"
        ),
    ),
    ("[]\n", "data/aliases.yaml:1:1:文件内容是空列表,应为至少一项别名。"),
    ("- name: 托幼\n  target: ''\n", ("data/aliases.yaml:2:11:别名“托幼”的所指名称是空值,应为文字。")),
    ("- name: 托幼\n", "data/aliases.yaml:1:3:别名“托幼”缺少所指名称(target)。"),
    (
        "- name: 托幼\n  target: 托育\n  note: x\n",
        "data/aliases.yaml:3:3:别名“托幼”有未知字段“note”,应为以下字段之一:name、target。",
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
