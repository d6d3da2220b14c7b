"""The 2023 edition (嘉政办发〔2023〕7号) exported to Word and Excel and imported again, on a copy of the
project: tasks.yaml, livelihood.yaml and document.yaml come back byte for byte (118 tasks, 25 items sharing
merged cells, 30 indicator rows over 10 areas, decimals and /, the editors' label and unit through the
本站补充 columns, the seven inferred column names kept in document.yaml)."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from factory import ROOT

import build
from disclosure.office import word


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "site.yaml", project / "site.yaml")
    return project


def run(project: Path, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = build.main([*args, "--root", str(project)])
    return code, err.getvalue()


def edition(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "data/2023").glob("*.yaml"))}


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_the_2023_edition_round_trips_byte_for_byte(copy: Path, tmp_path: Path, suffix: str) -> None:
    if suffix == ".xlsx":
        pytest.importorskip("disclosure.office.excel")
    before = edition(copy)
    exported = tmp_path / f"嘉政办发〔2023〕7号{suffix}"
    assert run(copy, "export", "--edition", "2023", str(exported)) == (0, "")
    assert run(copy, "import", str(exported), "--edition", "2023", "--force") == (0, "")
    assert edition(copy) == before


def test_the_sum_warnings_are_shown_at_their_cells(copy: Path, tmp_path: Path) -> None:
    """The two rows whose area figures do not add up to the target (kept as the document prints them) are
    printed at the cells of their rows, as 提示; the import goes ahead."""
    exported = tmp_path / "notice.docx"
    assert run(copy, "export", "--edition", "2023", str(exported)) == (0, "")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert build.main(["import", str(exported), "--edition", "2023", "--force", "--root", str(copy)]) == 0
    hints = [line for line in out.getvalue().splitlines() if line.startswith("提示:")]
    assert [line.split(":")[1] for line in hints] == ["notice.docx", "notice.docx"]
    assert [line.split(":")[2] for line in hints] == ["表2 第15行 第4列", "表2 第31行 第4列"]
    assert "(停车位)" in hints[0] and "(城市道路)" in hints[1]


def test_the_2023_export_holds_both_tables_in_full(copy: Path, tmp_path: Path) -> None:
    exported = tmp_path / "notice.docx"
    assert run(copy, "export", "--edition", "2023", str(exported)) == (0, "")
    tasks, livelihood = word.read(exported, "notice.docx")
    assert len(tasks.rows) == 1 + 118
    assert len(livelihood.rows) == 2 + 30
    assert [c.text for c in livelihood.rows[1][4:15]] == [
        "全市目标任务",
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


def test_a_word_file_in_the_governments_own_layout_gives_the_2023_edition(copy: Path, tmp_path: Path) -> None:
    """Not our export: the notice as the government lays it out (notice_docx.py: a spaced header, a header cell
    broken over three lines, categories numbered 一、…, units joined by 、, long cells broken by hand, the two-row
    header with merged cells), imported over the edition, gives every task and figure back byte for byte; only the
    editors' label and unit, which the government's table has not, are missing."""
    import notice_docx

    path = notice_docx.make(ROOT / "data/2023", tmp_path / "嘉政办发〔2023〕7号.docx")
    before = edition(copy)
    code, err = run(copy, "import", str(path), "--edition", "2023", "--force")
    assert (code, err) == (0, "")
    after = edition(copy)
    assert after["tasks.yaml"] == before["tasks.yaml"]
    assert after["document.yaml"] == before["document.yaml"]
    lines = before["livelihood.yaml"].decode("utf-8").splitlines(keepends=True)
    without, opens_item = [], False
    for line in lines:
        if line.lstrip().startswith(("label:", "- label:", "unit:")):
            opens_item = opens_item or line.lstrip().startswith("-")  # an unnamed row begins with its label
            continue
        if opens_item:
            line, opens_item = f"{line[: len(line) - len(line.lstrip()) - 2]}- {line.lstrip()}", False
        without.append(line)
    assert len(lines) - len(without) == 60  # 30 rows, each with a label and a unit
    assert after["livelihood.yaml"].decode("utf-8") == "".join(without)
