"""The strict YAML loader: values stay the text typed, and YAML's silent conversions are errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import make_project

from disclosure.errors import DataError
from disclosure.source import load as loader
from disclosure.source import validate
from disclosure.source.load import Map, Str, Unplaced, load_yaml, read_sources


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
        ("a: 1\na: 2\n", "f.yaml:2:1:duplicate key 'a' (first at line 1), expected each key once"),
        ("a: &x 1\nb: *x\n", "f.yaml:2:4:found the YAML alias *x, expected the value written out"),
        ("a: &x 1\n", "f.yaml:1:4:found the YAML anchor &x, expected no anchors"),
        ("a: !!int 1\n", "f.yaml:1:4:found the YAML tag 'tag:yaml.org,2002:int', expected plain values without tags"),
        ("c:\n  <<: {x: 1}\n", "f.yaml:2:3:found a YAML merge key (<<), expected each field written out"),
        (
            "a: 1\n---\nb: 2\n",
            "f.yaml:2:1:found ---, which starts a second YAML document, expected one: delete this line",
        ),
        ("", "f.yaml:found an empty file, expected exactly one YAML document"),
        (
            "a:\n\tb: 1\n",
            "f.yaml:2:1:found an invisible character U+0009 (tab), expected visible text only: indent with spaces",
        ),
        ("a:\n  b: [1\n", "f.yaml:3:1:YAML syntax error: did not find expected ',' or ']'"),
        (
            "a:\n\u3000\u3000b: 1\n",
            "f.yaml:2:1:found an invisible character U+3000 (ideographic space), "
            "expected visible text only: indent with spaces",
        ),
        (
            "a: x\u200by\n",
            "f.yaml:1:5:found an invisible character U+200B (zero width space), expected visible text only: delete it",
        ),
        (
            "名称：海宁\n",
            "f.yaml:1:3:found a full-width colon after '名称', expected an ASCII colon and a space (名称: …)",
        ),
        (
            "- name：海宁\n",
            "f.yaml:1:7:found a full-width colon after 'name', expected an ASCII colon and a space (name: …)",
        ),
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
        "f.yaml:1:7:found bytes that are not UTF-8 (BA) (it reads as GBK/GB18030: the file, or this line, was "
        "saved in the Chinese Windows encoding), expected a UTF-8 text file: save it as UTF-8"
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
        (
            "data/2024/notes/q1.txt:the build does not read this file, expected in data/ only units.yaml, "
            "areas.yaml, aliases.yaml, README.md and one folder per edition holding document.yaml, tasks.yaml, "
            "livelihood.yaml, source.txt and YAML files in progress/: move it out of data/, or delete it"
        ),
        (
            "data/2024/notes/q1.yaml:the build does not read this file, expected in data/ only units.yaml, "
            "areas.yaml, aliases.yaml, README.md and one folder per edition holding document.yaml, tasks.yaml, "
            "livelihood.yaml, source.txt and YAML files in progress/: move it out of data/, or delete it"
        ),
    ]
    monkeypatch.setattr(loader, "EDITION_FOLDERS", ("progress", "notes"))
    (project / "data/2024/notes/q1.txt").unlink()
    sources = read_sources(project)
    assert sources.editions["2024"]["notes/q1"] == [{"no": "1", "text": "第一条"}]
    assert "notes/q1" not in sources.editions["2025"]
