"""The strict YAML loader: values stay the text typed, and YAML's silent conversions are errors."""

from __future__ import annotations

import dataclasses
import pickle
import random
from pathlib import Path

import pytest
from factory import make_project

from disclosure.errors import DataError, Pos
from disclosure.source import load as loader
from disclosure.source import validate
from disclosure.source.load import Map, Str, Unplaced, load_yaml, parse_yaml, read_sources
from disclosure.tools import github


def load(tmp_path: Path, text: str | bytes) -> object:
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_yaml(path, tmp_path)


@pytest.mark.parametrize(
    "scalar", ["NO", "yes", "010", "08", "1_000", "12:30", "33.30", "2023-03-01", "~", "null", "0x1F", ".inf", "/"]
)
def test_plain_scalars_stay_the_text_typed(tmp_path: Path, scalar: str) -> None:
    value = load(tmp_path, f"key: {scalar}\n")
    assert value == {"key": scalar}
    assert type(value["key"]) is Str


def test_positions_are_kept(tmp_path: Path) -> None:
    value = load(tmp_path, "# comment\nlist:\n  - name: 海宁市\n")
    assert isinstance(value, Map)
    item = value["list"][0]
    assert (item.pos.line, item.pos.col) == (3, 5)
    assert str(item["name"].pos) == "f.yaml:3:11"


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufeffkey: 1\n".encode()) == {"key": "1"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "f.yaml:2:1:字段“a”重复了(第1行已经写过),每个字段只能写一次:请删去一个。"),
        ("a: &x 1\nb: *x\n", "f.yaml:2:4:这里有 YAML 别名“*x”,本项目不用别名:请把它代表的值直接写出来。"),
        ("a: &x 1\n", "f.yaml:1:4:这里有 YAML 锚点“&x”,本项目不用锚点:请去掉它,把值直接写出来。"),
        ("a: !!int 1\n", "f.yaml:1:4:这里有 YAML 标签“tag:yaml.org,2002:int”,本项目的值不加标签:请去掉它。"),
        ("c:\n  <<: {x: 1}\n", "f.yaml:2:3:这里有 YAML 合并键“<<”,本项目要求每个字段都直接写出来。"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1:这里的“---”开始了第二份 YAML 数据,一个文件只能有一份:请删除这一行。"),
        ("", "f.yaml:这个文件是空的,要有数据(一个文件写一份 YAML 数据)。"),
        ("a:\n\tb: 1\n", "f.yaml:2:1:这一行用制表符(Tab)缩进,YAML 只认空格:请把它换成空格。"),
        (
            "a:\n  b: [1\n",
            "f.yaml:2:6:括号没有配对:以“[”开头的值被 YAML 读作列表,要有配对的“]”。"
            "如果“[”是文字的一部分,请把整个值放进引号里。",
        ),
        ("a:\n\u3000\u3000b: 1\n", "f.yaml:2:1:这一行用全角空格(U+3000)缩进,YAML 只认空格:请把它换成空格。"),
        (
            "a: x\u200by\n",
            "f.yaml:1:5:这里有一个看不见的字符 U+200B (zero width space),只能写看得见的文字:请删除它。",
        ),
        ("名称：海宁\n", "f.yaml:1:3:“名称”后面是全角冒号“：”,YAML 不认:请改成半角冒号加空格(名称: …)。"),
        ("- name：海宁\n", "f.yaml:1:7:“name”后面是全角冒号“：”,YAML 不认:请改成半角冒号加空格(name: …)。"),
    ],
    ids=[
        "duplicate-key",
        "alias",
        "anchor",
        "tag",
        "merge-key",
        "two-documents",
        "empty",
        "tab",
        "syntax",
        "ideographic-space-indent",
        "zero-width-space",
        "full-width-colon",
        "full-width-colon-in-list",
    ],
)
def test_yaml_pitfalls_are_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError) as error:
        load(tmp_path, text)
    assert message in str(error.value).splitlines()


def test_non_utf8_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError) as error:
        load(tmp_path, "name: 海宁".encode("gb18030"))
    assert str(error.value) == (
        "f.yaml:1:7:这里有不是 UTF-8 编码的字节(BA)(按 GBK/GB18030 能读通:这个文件或这一行是用中文 Windows "
        "的编码保存的),文件要用 UTF-8 编码:请把它另存为 UTF-8。"
    )


# The fixture site's three withdrawals, taken out: a withdrawal keeps its date's position (see below).
NO_WITHDRAWALS = {
    "data/units.yaml": ("  withdrawn:\n    date: 2025-03-01\n    reason: 机构改革,职责划入市委办公室。\n", ""),
    "data/2024/tasks.yaml": ("  withdrawn:\n    date: 2024-06-30\n    reason: 市政府调整了该项任务。\n", ""),
    "data/2024/livelihood.yaml": (
        "        withdrawn:\n          date: 2024-05-20\n          reason: 候车亭改由公交公司建设。\n",
        "",
    ),
}


def read_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Validate project, failing if the sources are read a second time (with positions): (tasks, warnings)."""

    def read_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sources were read again with positions")

    monkeypatch.setattr(validate, "read_sources", read_again)
    site = validate.build_site(read_sources(project))
    return len(site.latest.tasks), len(site.warnings)


def test_good_data_is_validated_without_reading_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Values are read without positions and read again with them only when there is a problem to report;
    the fixture site has none (its two warnings point at records, which always keep theirs)."""
    assert read_once(make_project(tmp_path / "project", NO_WITHDRAWALS), monkeypatch) == (4, 2)


def test_data_with_withdrawals_is_validated_without_reading_positions(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert read_once(fixture_project, monkeypatch) == (4, 2)


def test_a_problem_in_values_read_without_positions_is_reported_where_it_was_written(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"data/2024/tasks.yaml": ("    - 市科技局\n", "    - 市科技厅\n")})
    sources = read_sources(project)
    assert type(sources.editions["2024"]["tasks"][1]["units"][0]) is Unplaced
    with pytest.raises(DataError) as error:
        validate.build_site(sources)
    assert str(error.value).startswith("data/2024/tasks.yaml:11:7:第2项任务的责任单位“市科技厅”不在 data/units.yaml 中")


NOT_READ = (
    "构建不读这个文件。data/ 下只能有 units.yaml、areas.yaml、aliases.yaml、README.md,以及每版一个文件夹,"
    "内有 document.yaml、tasks.yaml、livelihood.yaml、source.txt,以及 progress/ 下的 YAML 文件:"
    "请把它移出 data/,或者删除。"
)


def test_an_edition_folder_declared_in_the_fields_is_read_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind kept as any number of files per edition (data/<year>/<folder>/<name>.yaml, as progress reports
    will be) is read from its declaration alone: each file under its name, anything else there reported."""
    project = make_project(
        tmp_path / "project",
        {"data/2024/notes/q1.yaml": "- no: 1\n  text: 第一条\n", "data/2024/notes/q1.txt": "不是 YAML\n"},
    )
    with pytest.raises(DataError) as refused:
        read_sources(project)
    assert [str(p) for p in refused.value.problems] == [
        f"data/2024/notes/q1.txt:{NOT_READ}",
        f"data/2024/notes/q1.yaml:{NOT_READ}",
    ]
    monkeypatch.setattr(loader, "EDITION_FOLDERS", ("progress", "notes"))
    (project / "data/2024/notes/q1.txt").unlink()
    sources = read_sources(project)
    assert sources.editions["2024"]["notes/q1"] == [{"no": "1", "text": "第一条"}]
    assert "notes/q1" not in sources.editions["2025"]


# A syntax error as printed: the sentence on the prefix's line, then the lines quoted and a caret under the
# place (Chinese characters take two columns, so the caret stands under the character meant).
SYNTAX = [
    pytest.param(
        "- no: 1\n  text: 甲\n   units:\n    - 市科技局\n",
        [
            "f.yaml:3:4:缩进不一致:这一行比第2行的“text:”多缩进了1个空格,同一层的字段要上下对齐。",
            "    2 |   text: 甲",
            "    3 |    units:",
            "      |    ^",
        ],
        id="indent-more",
    ),
    pytest.param(
        "名称: 海宁:市\n地区: 嘉兴: 市\n",
        [
            "f.yaml:2:7:值里有“: ”(冒号加空格),YAML 把它读作又一个字段。请去掉冒号后的空格,或者把整个值放进引号里。",
            "    2 | 地区: 嘉兴: 市",
            "      |           ^",
        ],
        id="colon-and-space-after-chinese-characters",
    ),
    pytest.param(
        "a: 1\nb: '甲\nc: 2\n",
        [
            "f.yaml:2:4:引号没有配对:这里的单引号“'”开始了一段加引号的文字,但后面没有与它配对的“'”。"
            "请在这个值的末尾补上“'”,或者删去这个“'”。",
            "    2 | b: '甲",
            "      |    ^",
        ],
        id="quote-never-closed",
    ),
    pytest.param(
        'a: "市\\科"\n',
        [
            "f.yaml:1:6:双引号里的“\\”是转义符号,后面这个字不能转义:如果“\\”是文字的一部分,请写成“\\\\”,"
            "或者把双引号换成单引号。",
            '    1 | a: "市\\科"',
            "      |       ^",
        ],
        id="backslash-in-double-quotes",
    ),
    pytest.param(
        "a: b\n- c\n",
        [
            "f.yaml:2:1:这一行的写法不合 YAML 格式。",
            "    2 | - c",
            "      | ^",
        ],
        id="no-plain-explanation-fits",
    ),
]


@pytest.mark.parametrize(("text", "lines"), SYNTAX)
def test_a_syntax_error_quotes_its_line_with_a_caret(tmp_path: Path, text: str, lines: list[str]) -> None:
    with pytest.raises(DataError) as error:
        load(tmp_path, text)
    assert str(error.value).splitlines() == lines


def test_a_syntax_error_is_one_annotation_on_its_line() -> None:
    """GitHub reads the message's first line as the title's sentence and keeps the quoted lines (%0A)."""
    with pytest.raises(DataError) as error:
        parse_yaml("a:\n  b: [1\n", "f.yaml")
    [problem] = error.value.problems
    assert github.annotation(problem) == (
        "::error file=f.yaml,line=2,col=6,title=data::括号没有配对:以“[”开头的值被 YAML 读作列表,要有配对的“]”。"
        "如果“[”是文字的一部分,请把整个值放进引号里。%0A    2 |   b: [1%0A      |      ^"
    )


def test_scalars_pickle_as_what_they_are() -> None:
    """The model holds some scalars as read (Str, Unplaced); the dev server pickles it to its indexing process."""
    placed, unplaced = Str("市发展改革委", Pos("data/units.yaml", 3, 9)), loader.unplaced("市财政局")
    again = pickle.loads(pickle.dumps([placed, unplaced]))
    assert [type(v) for v in again] == [Str, Unplaced] and again == ["市发展改革委", "市财政局"]
    assert again[0].pos == Pos("data/units.yaml", 3, 9)
    with pytest.raises(loader.NeedPositions):
        _ = again[1].pos


def shape(value: object) -> object:
    """A parsed value as nested tuples, with every mapping's and list's position (a scalar read with or
    without its position is the same text)."""
    if isinstance(value, Map):
        return ("map", value.pos, [(str(k), shape(v)) for k, v in value.items()])
    if isinstance(value, loader.Seq):
        return ("list", value.pos, [shape(v) for v in value])
    return str(value)


def parsed_whole(text: str) -> object:
    try:
        return shape(parse_yaml(text, "data/2023/tasks.yaml", placed=False))
    except DataError as e:
        return str(e)


def parsed_again(text: str, last: loader.ParsedFile) -> tuple[object, loader.ParsedFile | None]:
    try:
        again = loader.parse_again(text, "data/2023/tasks.yaml", last)
    except DataError as e:
        return str(e), None
    return shape(again.value), again


# Lines an editor might type anywhere in a list file, good and bad: items, list entries, comments, a line
# break inside a value, a document marker, a mapping, anchors and aliases, tabs, full-width colons.
LINES = [
    "    - 市科技局",
    "  # 备注",
    "# 备注",
    "",
    "- no: 99",
    "  text: 新的任务。",
    "---",
    "foo: 1",
    "-市科技局",
    "\t- 市科技局",
    "[a,",
    '  text: "两行',
    "- &a 任务",
    "- *a",
    "  no：5",
    "-",
    "  units: []",
]


def test_a_list_file_parsed_again_item_by_item_is_the_whole_files_parse() -> None:
    """The dev server parses again only the items of tasks.yaml whose lines changed (load.parse_again):
    after every kind of edit, what it gives, positions and messages included, is the whole file's parse."""
    text = (Path(__file__).parent.parent / "data/2023/tasks.yaml").read_text("utf-8")
    last = loader.parse_again(text, "data/2023/tasks.yaml", None)
    assert len(last.items) == 118  # the file is one list: its items are kept one by one
    rng, lines = random.Random(7), text.split("\n")
    for _ in range(250):
        edited, at = list(lines), rng.randrange(len(lines))
        how = rng.randrange(5)
        if how == 0:
            edited[at] += "(改)"
        elif how == 1:
            edited.insert(at, rng.choice(LINES))
        elif how == 2:
            del edited[at]
        elif how == 3:
            edited[at] = rng.choice(LINES)
        else:
            edited[at] += rng.choice([" #", " # 注释", ":", ":"])
        new = "\n".join(edited)
        got, again = parsed_again(new, last)
        assert got == parsed_whole(new), (at, edited[at])
        if again is not None and rng.random() < 0.5:  # go on from the edit, or from the text before it
            last, lines = again, edited


def test_an_edit_of_one_item_parses_that_item_only() -> None:
    text = (Path(__file__).parent.parent / "data/2023/tasks.yaml").read_text("utf-8")
    last = loader.parse_again(text, "data/2023/tasks.yaml", None)
    edited = text.replace("研发投入强度达到3.5%。", "研发投入强度达到3.6%。")
    again = loader.parse_again(edited, "data/2023/tasks.yaml", last)
    assert [a is b for a, b in zip(last.value, again.value, strict=True)] == [True] + [False] + [True] * 116
    assert again.value[1]["text"] == "研发投入强度达到3.6%。"
    assert again.value[1].pos == Pos("data/2023/tasks.yaml", 9, 3)


def structure(value: object, seen: dict[int, object] | None = None) -> object:
    """A model as nested tuples of its records' fields, positions included (records compare by identity);
    a record met again (an edition in every unit's work) is reduced once."""
    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen[id(value)]
    if dataclasses.is_dataclass(value):
        facts: object = (
            type(value).__name__,
            *(structure(getattr(value, f.name), seen) for f in dataclasses.fields(value)),
        )
    elif isinstance(value, tuple | list):
        facts = tuple(structure(v, seen) for v in value)
    elif isinstance(value, dict):
        facts = tuple((k, structure(v, seen)) for k, v in value.items())
    else:
        return (type(value).__name__, value)
    seen[id(value)] = facts
    return facts


def test_records_read_from_the_same_parsed_values_are_reused_and_the_model_is_a_full_validations(
    tmp_path: Path,
) -> None:
    """The dev server keeps what it parsed and read (load.Parsed, validate.Reuse): after an edit of one task,
    the other records are last time's objects, and the model equals a full validation's, positions included."""
    project = make_project(tmp_path / "project")
    parsed, reuse = {}, validate.Reuse()
    before = validate.build_site(read_sources(project, parsed), reuse)
    tasks = project / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("研发投入强度达到3.5%。", "研发投入强度达到3.6%。"), "utf-8")
    after = validate.build_site(read_sources(project, parsed), reuse)
    assert structure(after) == structure(validate.build_site(read_sources(project)))
    was, now = (next(e for e in site.editions if e.year == 2024) for site in (before, after))
    edited = [t.text == "研发投入强度达到3.6%。" for t in now.tasks]
    kept = [a is b for a, b in zip(was.tasks, now.tasks, strict=True)]
    assert sum(edited) == 1 and kept == [not e for e in edited]
    assert all(a is b for a, b in zip(after.units, before.units, strict=True))
    assert now.items and all(a is b for a, b in zip(was.items, now.items, strict=True))  # livelihood.yaml unchanged

    # A unit renamed in the registry: every task naming it is read again, and refused as a full build refuses it
    units = project / "data/units.yaml"
    units.write_text(units.read_text("utf-8").replace("- name: 市科技局\n", "- name: 市科学技术局\n"), "utf-8")
    with pytest.raises(DataError) as kept_error:
        validate.build_site(read_sources(project, parsed), reuse)
    with pytest.raises(DataError) as full_error:
        validate.build_site(read_sources(project))
    assert str(kept_error.value) == str(full_error.value)
    assert "“市科技局”不在 data/units.yaml 中" in str(kept_error.value)
