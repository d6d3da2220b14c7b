"""`build.py import` and `build.py export` of the notice (issue 17): the government's Word layout read into
tasks.yaml, livelihood.yaml and document.yaml exactly as the data files are laid out; every mistake named at
the cell a person sees in Word (表2 第7行 第9列), nothing written when anything is wrong; an edition exported
and imported again byte for byte the same (the fixture editions here, random editions by hypothesis; the
example site's 2023 edition in tests/example/test_example_office.py).

The .docx fixtures are made by tests/fixtures/office/make_fixtures.py (python-docx directly, not the export)."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from factory import FIXTURE, make_project
from hypothesis import given, reject, settings
from test_property import SETTINGS, Project, projects, write_project

import build
from disclosure.errors import DataError
from disclosure.office import check, cli, notice, word
from disclosure.office.table import At, Grid, ImportFailed, Paragraph
from disclosure.source import load, validate

OFFICE = Path(__file__).resolve().parent / "fixtures" / "office"
STAR_TASKS_2025 = """\
- no: 1
  text: 地区生产总值增长5%左右。
  units:
    - ★市发展改革委
- no: 2
  text: 新建改建学校8所。
  units:
    - ★市教育局
    - ★市建设局
- no: 3
  text: 治理城区拥堵点位20个。
  units:
    - 市治堵办
    - ★东湖区政府
- no: 4
  text: 全社会研发经费增长10%。
  units: []
"""
STAR_NOTE = ("tasks_note: 列第一位者为牵头单位。\n", "tasks_note: 标★者为牵头单位。\nlead_rule: star\n")

# The validator's own sentences, as the import shows them at the cell (M1 translates them: kept here alone).
VALIDATOR = {
    "unknown unit": "第1项任务的责任单位“市科技居”不在 data/units.yaml 中。是不是“市科技局”或“市农科院”?",
    "unknown unit 2": "第3项任务的责任单位“市治堵力”不在 data/units.yaml 中。是不是“市治堵办”?",
    "target": "民生实事第1项第1行的全市目标是“约4000”,应为按文件原样写的数字(如 8、33.3),没有目标时写 /。",
    "sum": "2025年民生实事第1项第1行各地目标之和为4100,全市目标为4000;已按文件原样保留。",
    "figure": "民生实事第4项第5行(停车位)的各地目标中“示例经济开发区(示例港区)”的数字是“二百”,"
    "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。",
}


def failed(problems: int) -> str:
    """The first line of a failed import's report, explaining the places once."""
    return f"导入失败,共{problems}处问题,没有写入任何文件。{cli.EXPLAINED}"


def run(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = build.main([*args, "--root", str(project)])
    return code, out.getvalue(), err.getvalue()


def data_files(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "data").rglob("*.yaml"))}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def fixture(name: str) -> str:
    return str(OFFICE / name)


# --- the government's layout -----------------------------------------------------------------------------


def test_the_notice_in_the_governments_layout_imports_exactly(project: Path) -> None:
    """Sections, ★ leads, units joined by 、 and , and wrapped over lines, a task text broken over two lines, a
    two-row header with the areas under one merged cell (one header wrapped: 示例经济开发区 / (示例港区)),
    vertical merges, decimals and /: the files as expected-2025/ has them, byte for byte; document.yaml
    keeps its other fields and comments and gains lead_rule; the comments heading the data files are kept."""
    code, out, err = run(project, "import", fixture("notice-2025.docx"), "--edition", "2025", "--force")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "提示:notice-2025.docx:表2 第3行 第5列:" + VALIDATOR["sum"]  # the build's warning
    assert out.splitlines()[1].startswith("已从 notice-2025.docx 导入 2025 年版,写入 data/2025/tasks.yaml、")
    for name in ("tasks.yaml", "livelihood.yaml", "document.yaml"):
        expected = (OFFICE / "expected-2025" / name).read_text("utf-8")
        assert (project / "data/2025" / name).read_text("utf-8") == expected, name
    document = (project / "data/2025/document.yaml").read_text("utf-8")
    assert document == (FIXTURE / "data/2025/document.yaml").read_text("utf-8").replace(*STAR_NOTE)


def test_the_notice_kept_in_excel_imports_exactly(project: Path) -> None:
    """The same notice as a workbook (a sheet per table, the title in a merged row above each header, the
    note in a row under the task table): the same files as from Word."""
    pytest.importorskip("disclosure.office.excel")
    code, _, err = run(project, "import", fixture("notice-2025.xlsx"), "--edition", "2025", "--force")
    assert (code, err) == (0, "")
    for name in ("tasks.yaml", "livelihood.yaml", "document.yaml"):
        expected = (OFFICE / "expected-2025" / name).read_text("utf-8")
        assert (project / "data/2025" / name).read_text("utf-8") == expected, name


def test_an_edition_is_refused_unless_forced_and_nothing_is_written(project: Path) -> None:
    before = data_files(project)
    code, out, err = run(project, "import", fixture("notice-2025.docx"), "--edition", "2025")
    assert code == 1 and out == "提示:notice-2025.docx:表2 第3行 第5列:" + VALIDATOR["sum"] + "\n"
    refused = "文件已存在,导入没有写入任何文件。确认要用导入的内容替换它时,请加上 --force。"
    assert err.splitlines() == [
        failed(3),
        f"data/2025/document.yaml:{refused}",  # its tasks_note is replaced: not only added to
        f"data/2025/livelihood.yaml:{refused}",
        f"data/2025/tasks.yaml:{refused}",
    ]
    assert data_files(project) == before


def new_edition(project: Path, year: int = 2026) -> None:
    """A document.yaml for year written by an editor before the import (what the notice does not state),
    with the content pages an edition needs."""
    text = (project / "data/2025/document.yaml").read_text("utf-8").replace("2025", str(year))
    (project / f"data/{year}").mkdir()
    (project / f"data/{year}/document.yaml").write_text(text.split("livelihood_title:")[0], "utf-8")
    shutil.copy(project / "data/2025/source.txt", project / f"data/{year}/source.txt")
    shutil.copytree(project / "content/2025", project / f"content/{year}")


def test_a_new_edition_of_tasks_numbered_afresh_in_each_section(project: Path) -> None:
    """No livelihood table, the lead by position (责任单位(列第一位者为牵头单位)), units split at ; and a line
    break, a full-width bracket in a unit's name normalised with a notice; new files headed by comments made
    from the document's fields; document.yaml only added to, so no --force is needed."""
    new_edition(project)
    code, out, err = run(project, "import", fixture("tasks-only-2026.docx"), "--edition", "2026")
    assert (code, err) == (0, "")
    name = "tasks-only-2026.docx"
    assert out.splitlines()[0] == (
        f"提示:{name}:表1 第6行 第3列:第二部分第2项任务的责任单位写作“市委组织部（市人才办）”,"
        "按 data/units.yaml 中的“市委组织部(市人才办)”导入(两者只差空格或全角、半角字符)。"
    )
    for file in ("tasks.yaml", "document.yaml"):
        assert (project / "data/2026" / file).read_text("utf-8") == (OFFICE / "expected-2026" / file).read_text("utf-8")
    assert not (project / "data/2026/livelihood.yaml").exists()


def test_without_a_document_yaml_the_import_says_what_to_write_first(project: Path) -> None:
    code, _, err = run(project, "import", fixture("tasks-only-2026.docx"), "--edition", "2026")
    assert code == 1
    assert err.splitlines()[1] == (
        "data/2026/document.yaml:2026年版还没有 document.yaml。"
        "导入只能从文件中读出标题、文号、两张表的标题、表注和地区列;"
        "索引号(index_no)、发布机关(issuer)、落款(signed_by)、成文日期(written)、发布日期(published)、"
        "公开方式(disclosure)和来源(source_file 或 source_url)须先由编者写在 data/2026/document.yaml 中"
        "(见 data/README.md),再导入。"
    )
    assert not (project / "data/2026").exists()


# --- mistakes, at the cell ---------------------------------------------------------------------------------


BAD = {
    "bad-unit.docx": (
        # the unknown unit (the validator's sentence, at the cell); the stray space only a notice
        [
            "提示:{f}:表1 第7行 第3列:第4项任务的责任单位写作“市 教育局”,按 data/units.yaml 中的“市教育局”导入"
            "(两者只差空格或全角、半角字符)。"
        ],
        ["{f}:表1 第3行 第3列:" + VALIDATOR["unknown unit"], "{f}:表1 第6行 第3列:" + VALIDATOR["unknown unit 2"]],
    ),
    "bad-area.docx": (
        [],
        [
            "{f}:表2 第2行 第7列:民生实事项目表这一列的表头是空的,应当是地区的名称(data/areas.yaml 中的名称或全称)。"
            "请补上表头。"
        ],
    ),
    "bad-merge.docx": (
        [],
        [
            "{f}:表2 第6行 第2列:民生实事第2项的事项分类在表2 第4行 第2列是“二、就业优先项目”,"
            "在这一行却是“三、普惠托育项目”:同一序号的各行应当是同一格。是不是合并单元格时事项分类一列少合并了这一行?",
            "{f}:表2 第6行 第3列:民生实事第2项的事项名称在表2 第4行 第3列是"
            "“开展职业技能培训2万人次,其中新就业形态劳动者0.5万人次。”,在这一行却是“全市新增托位800个。”:同一序号的各行应当是同一格。是不是合并单元格时事项名称一列少合并"
            "了这一行?",
            "{f}:表2 第6行 第12列:民生实事第2项的牵头单位在表2 第4行 第12列是“市人力社保局”,在这一行却是“市卫生健康委”:"
            "同一序号的各行应当是同一格。是不是合并单元格时牵头单位一列少合并了这一行?",
        ],
    ),
    "bad-figure.docx": (
        [],
        ["{f}:表2 第3行 第5列:" + VALIDATOR["target"], "{f}:表2 第7行 第9列:" + VALIDATOR["figure"]],
    ),
    "bad-header.docx": (
        [],
        [
            "{f}:表1 第1行 第3列:表头“责任单住”不是重点工作表的列(序号、主要工作任务、责任单位、撤销(本站补充))。"
            "是不是“责任单位”?"
        ],
    ),
    "bad-livelihood-header.docx": (
        [],
        [
            "{f}:表2 第1行 第12列:表头“牵头单住”既不是民生实事项目表的列(序号、事项分类、事项名称、任务分解、"
            "全市目标任务、牵头单位),也不是 data/areas.yaml 中的地区名称或全称。是不是“牵头单位”?"
        ],
    ),
    "careless-livelihood.docx": (
        ["提示:{f}:表2 第6行 第1列:这一行是空行,没有导入。"],
        [
            "{f}:表2 第7行 第1列:这一行的序号是空的。如果这一行是上一项民生实事的又一行指标,请把序号、事项名称、"
            "牵头单位与上一行合并成一格;否则请填上序号。"
        ],
    ),
    "careless.docx": (  # an extra empty row (left out, said), a task row without its 序号
        ["提示:{f}:表1 第5行 第1列:这一行是空行,没有导入。"],
        ["{f}:表1 第8行 第1列:这一行的序号是空的。请填上任务的序号;如果这一行是上一项任务的续行,请把它并入上一行。"],
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_mistake_is_named_at_its_cell_and_nothing_is_written(project: Path, name: str) -> None:
    before = data_files(project)
    code, out, err = run(project, "import", fixture(name), "--edition", "2025", "--force")
    notices, problems = BAD[name]
    f = name
    assert code == 1
    assert out.splitlines() == [n.format(f=f) for n in notices]
    assert err.splitlines() == [
        failed(len(problems)),
        *(p.format(f=f) for p in problems),
    ]
    assert data_files(project) == before


def test_a_table_split_at_a_page_break_is_read_on(project: Path, tmp_path: Path) -> None:
    """The task table in three Word tables (the second without a header, the third repeating it), a header
    row repeated inside, and a table that is neither: each said, nothing lost."""
    head = ["序号", "主要工作任务", "责任单位"]
    rows = [
        ["1", "地区生产总值增长5%左右。", "★市发展改革委"],
        ["2", "新建改建学校8所。", "★市教育局、★市建设局"],
        ["3", "治理城区拥堵点位20个。", "市治堵办、★东湖区政府"],
        ["4", "全社会研发经费增长10%。", ""],
    ]
    split = tmp_path / "split.docx"
    word.write(
        [
            Paragraph("2025年政府工作报告重点工作责任分解"),
            Grid("a", [head, rows[0], head]),
            Grid("b", [rows[1]]),
            Grid("c", [head, rows[2], rows[3]]),
            Paragraph("注:标★者为牵头单位。"),
            Grid("d", [["备注"], ["无"]]),
        ],
        split,
    )
    edits = {
        "data/2025/livelihood.yaml": None,
        "data/2025/document.yaml": lambda t: t.split("livelihood_title")[0],
        "data/areas.yaml": lambda t: t.split("- name: 北湖新区")[0],  # a column of 2025's table alone
    }
    project = make_project(tmp_path / "tasks-only", edits)
    code, out, err = run(project, "import", str(split), "--edition", "2025", "--force")
    assert (code, err) == (0, "")
    assert out.splitlines()[:-1] == [
        "提示:split.docx:表1 第3行 第1列:这一行重复了表头,没有导入。",
        "提示:split.docx:表2:这张表没有表头,列数与上一张表相同,作为表1的续表导入。",
        "提示:split.docx:表3:这张表的表头与上一张表相同,作为表1的续表导入。",
        "提示:split.docx:表3 第1行 第1列:这一行重复了表头,没有导入。",
        "提示:split.docx:表4:这张表不是重点工作表(序号、主要工作任务、责任单位)或民生实事项目表,没有导入。",
    ]
    written = (project / "data/2025/tasks.yaml").read_text("utf-8").split("\n\n", 1)[1]
    assert written == STAR_TASKS_2025


def test_a_notice_imported_into_another_year_is_refused(project: Path) -> None:
    before = data_files(project)
    code, _, err = run(project, "import", fixture("notice-2025.docx"), "--edition", "2024", "--force")
    assert (code, err.splitlines()[1:]) == (
        1,
        [
            "notice-2025.docx:文件中的标题“示例市人民政府办公室关于印发2025年政府工作报告重点工作和市政府民生实事项目"
            "责任分解的通知”是2025年的,而导入的是 --edition 2024。是不是 --edition 2025?"
        ],
    )
    assert data_files(project) == before


def test_files_that_are_not_a_notice(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "notice.txt"
    text.write_text("序号", "utf-8")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", "utf-8")
    plain = tmp_path / "plain.docx"
    word.write([Paragraph("只有一段话")], plain)
    for path, message in (
        (text, "导入只读 Word 文件(.docx,旧的 .doc 也可以)、Excel 文件(.xlsx)和 CSV 文件(.csv)。"),
        (tmp_path / "missing.docx", "找不到这个文件。"),
        (fake, word.NOT_DOCX),
        (plain, "文件里没有找到重点工作责任分解表:应当有一张表头为“序号”“主要工作任务”“责任单位”的表。"),
        (tmp_path / "old.xls", "是旧的 Excel 文件(.xls)。请在 Excel 或 WPS 中“另存为”Excel 工作簿(.xlsx)后再导入。"),
    ):
        if path.suffix == ".xls":
            path.write_bytes(b"\xd0\xcf\x11\xe0")
        code, _, err = run(project, "import", str(path), "--edition", "2025", "--force")
        assert (code, err.splitlines()[1:]) == (1, [f"{path.name}:{message}"])


# --- an attacker's files: bounded before they are read -----------------------------------------------------


def test_a_file_over_20_mb_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(ImportFailed) as e:
        word.read(big, "big.docx")
    assert str(e.value) == (
        "big.docx:文件有21.0 MB,超过了导入允许的20 MB,没有读取。"
        "责任分解通知通常不到1 MB:请删除图片等与两张表无关的内容后再导入。"
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    block = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w") as part:
        for _ in range(101):
            part.write(block)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFailed) as e:
        word.read(bomb, "bomb.docx")
    assert (
        str(e.value)
        == "bomb.docx:文件解压后有101 MB,超过了导入允许的100 MB,没有读取。请删除图片等与两张表无关的内容后再导入。"
    )


def test_a_huge_table_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.docx"
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    row = table.rows[0]._tr
    cell = row.tc_lst[0]
    for _ in range(1001):  # 1001 cells each spanning 100 grid columns: 100,100 places
        span = docx.oxml.parse_xml(
            '<w:tc xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tcPr>'
            '<w:gridSpan w:val="100"/></w:tcPr><w:p/></w:tc>'
        )
        row.append(span)
    row.remove(cell)
    document.save(str(huge))
    with pytest.raises(ImportFailed) as e:
        word.read(huge, "huge.docx")
    assert str(e.value) == (
        "huge.docx:表1:这张表超过了导入允许的100000个单元格,没有读取。责任分解的两张表各只有几百个单元格:请检查是否多复制了表格。"
    )


def rezipped(tmp_path: Path, name: str, change: Callable[[str, bytes], bytes]) -> Path:
    """The 2025 fixture with each part changed by change(part name, bytes)."""
    out = tmp_path / name
    with zipfile.ZipFile(OFFICE / "notice-2025.docx") as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item.filename)))
    return out


def test_a_broken_document_and_xml_entities(tmp_path: Path) -> None:
    """A cut-off document.xml is refused in a sentence; entities (a billion laughs) are never expanded."""
    cut = rezipped(tmp_path, "cut.docx", lambda n, d: d[: len(d) // 2] if n == "word/document.xml" else d)
    with pytest.raises(ImportFailed) as e:
        word.read(cut, "cut.docx")
    assert str(e.value) == (
        "cut.docx:文件已损坏(其中的 XML 不完整),Word 可能也打不开。"
        "请在 Word 或 WPS 中打开、修复并另存为 .docx 后再导入。"
    )
    laughs = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'

    def entities(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        head, body = data.split(b"?>", 1)
        return head + b"?>" + laughs + body.replace("示例市人民政府办公室文件".encode(), b"&b;", 1)

    tables = word.read(rezipped(tmp_path, "laughs.docx", entities), "laughs.docx")
    assert tables[0].before[0] == "示政办发〔2025〕2号"  # the paragraph holding &b; read as empty, not expanded


def test_hidden_text_in_a_cell_is_refused(project: Path, tmp_path: Path) -> None:
    """Text formatted hidden is not what a person sees in Word: the import names the cell and what it hides."""
    source = docx.Document(fixture("notice-2025.docx"))
    run_ = source.tables[0].rows[2].cells[2].paragraphs[0].add_run("、市财政局")
    run_.font.hidden = True
    hidden = tmp_path / "hidden.docx"
    source.save(str(hidden))
    code, _, err = run(project, "import", str(hidden), "--edition", "2025", "--force")
    assert (code, err.splitlines()[1:]) == (
        1,
        [
            "hidden.docx:表1 第3行 第3列:这个单元格里有隐藏的文字“、市财政局”(设置了“隐藏”格式,在 Word 中看不见)。"
            "导入不读看不见的文字:请删去它,或取消隐藏,确认无误后再导入。"
        ],
    )


def test_links_in_a_document_are_never_followed(project: Path, tmp_path: Path) -> None:
    """A hyperlink and an external image in the notice: their targets are only names in the zip; the import
    reads the tables and never opens them (an address that would fail loudly if it were fetched)."""
    source = docx.Document(fixture("notice-2025.docx"))
    part = source.part
    r_id = part.relate_to("http://127.0.0.1:9/never", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    image = part.relate_to("file:///etc/passwd", docx.opc.constants.RELATIONSHIP_TYPE.IMAGE, is_external=True)
    link = docx.oxml.parse_xml(
        '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{r_id}">'
        "<w:r><w:t>链接</w:t></w:r></w:hyperlink>"
    )
    source.paragraphs[0]._p.append(link)
    assert image
    linked = tmp_path / "linked.docx"
    source.save(str(linked))
    code, _, err = run(project, "import", str(linked), "--edition", "2025", "--force")
    assert (code, err) == (0, "")
    assert (project / "data/2025/tasks.yaml").read_text("utf-8") == (OFFICE / "expected-2025/tasks.yaml").read_text(
        "utf-8"
    )


# --- .doc, through LibreOffice when it is installed ----------------------------------------------------------


def test_an_old_doc_without_libreoffice_says_what_to_do(project: Path, tmp_path: Path, monkeypatch) -> None:
    old = tmp_path / "通知.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    monkeypatch.setattr(cli.shutil, "which", lambda name: None)
    code, _, err = run(project, "import", str(old), "--edition", "2025", "--force")
    assert code == 1
    assert err.splitlines()[1] == (
        f"{old.name}:是旧的 Word 文件(.doc),这台电脑上没有装 LibreOffice,无法转换。"
        "请在 Word 或 WPS 中“另存为”Word 文档(.docx)后再导入,"
        "或安装 LibreOffice(Debian/Ubuntu:apt-get install libreoffice-writer-nogui)。"
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_an_old_doc_is_converted_by_libreoffice_and_imported(project: Path, tmp_path: Path) -> None:
    """The 2024 edition exported, saved as .doc by LibreOffice, imported through LibreOffice again: the same."""
    before = data_files(project)
    assert run(project, "export", "--edition", "2024", str(tmp_path / "notice.docx"))[0] == 0
    soffice = [shutil.which("soffice"), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless"]
    command = [*soffice, "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(tmp_path / "notice.docx")]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    code, _, err = run(project, "import", str(tmp_path / "doc/notice.doc"), "--edition", "2024", "--force")
    assert (code, err) == (0, "")
    assert data_files(project) == before


# --- export, and back ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_export_then_import_gives_the_same_files(project: Path, tmp_path: Path, year: int, suffix: str) -> None:
    """The fixture editions (2024: withdrawn tasks and indicator rows, label and unit, inferred columns, items
    sharing one text and lead; 2025: a column of / and a new area) come back byte for byte."""
    if suffix == ".xlsx":
        pytest.importorskip("disclosure.office.excel")
    before = data_files(project)
    exported = tmp_path / f"notice-{year}{suffix}"
    code, out, err = run(project, "export", "--edition", str(year), str(exported))
    assert (code, err) == (0, "") and out.startswith(f"已把 {year} 年版导出到 {exported}")
    code, _, err = run(project, "import", str(exported), "--edition", str(year), "--force")
    assert (code, err) == (0, "")
    assert data_files(project) == before


def test_an_area_column_may_be_headed_by_its_full_name(project: Path, tmp_path: Path) -> None:
    """示例市东湖区 (areas.yaml's full_name) heads the 东湖区 column: the same files come back."""
    before = data_files(project)
    exported = tmp_path / "notice.docx"
    assert run(project, "export", "--edition", "2025", str(exported))[0] == 0
    document = docx.Document(str(exported))
    header = document.tables[1].rows[1].cells[5]
    assert header.text == "东湖区"
    header.paragraphs[0].runs[0].text = "示例市东湖区"
    document.save(str(exported))
    assert run(project, "import", str(exported), "--edition", "2025", "--force")[:1] == (0,)
    assert data_files(project) == before


def test_the_export_is_the_governments_layout(project: Path, tmp_path: Path) -> None:
    """Title, 文号, 附件1 and the task table with its note, 附件2 and the livelihood table: a two-row header
    (任务分解 over the indicator, target and area columns), one merged cell for the rows of an item and for
    items sharing their text and lead (2024's items 1 and 2), the 本站补充 columns said under the table."""
    exported = tmp_path / "notice.docx"
    assert run(project, "export", "--edition", "2024", str(exported))[0] == 0
    tables = word.read(exported, "notice.docx")
    assert tables[0].before == [
        "示例市人民政府办公室关于印发2024年政府工作报告重点工作和市政府民生实事项目责任分解的通知",
        "示政办发〔2024〕3号",
        "附件1",
        "2024年政府工作报告重点工作责任分解",
    ]
    assert tables[1].before == ["注:列第一位者为牵头单位。", "附件2", "2024年市政府民生实事项目责任分解"]
    assert tables[1].after == [
        "本站说明:标“本站补充”的列由本站编者补充,政府原表没有。",
        "本站说明:东湖区、西山县列的表头在本站所据的原文副本中缺失,是本站推断的(见 document.yaml 的 inference_note)。",
    ]
    assert [c.text for c in tables[0].rows[0]] == ["序号", "主要工作任务", "责任单位", "撤销(本站补充)"]
    head = [[c.text for c in row] for row in tables[1].rows[:2]]
    areas = ["东湖区", "西山县", "南江市", "示例经济开发区(示例港区)", "其他"]
    extras = ["撤销(本站补充)"]  # 2024 has withdrawn rows, and no label or unit
    assert head == [
        ["序号", "事项分类", "事项名称", *["任务分解"] * 7, "牵头单位", *extras],
        ["序号", "事项分类", "事项名称", "", "全市目标任务", *areas, "牵头单位", *extras],
    ]
    body = tables[1].rows[2:]
    assert body[0][2] is body[1][2] is body[2][2]  # 事项名称: items 1 (two rows) and 2 share one cell
    assert body[0][0] is body[1][0] and body[2][0] is not body[0][0]  # 序号: one cell per item
    assert body[0][10] is body[2][10]  # 牵头单位 shared with the text
    document = docx.Document(str(exported))
    header = document.tables[1].rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader"))
    assert header is not None  # repeated at the top of every page


def test_export_refuses_a_category_without_items(tmp_path: Path) -> None:
    empty = (
        "  - no: 4\n    name: 公共停车场建设项目\n",
        "  - no: 4\n    name: 公共停车场建设项目\n  - no: 5\n    name: 空类\n",
    )
    project = make_project(tmp_path / "project", {"data/2025/livelihood.yaml": empty})
    code, _, err = run(project, "export", "--edition", "2025", str(tmp_path / "n.docx"))
    assert (code, err) == (
        1,
        "data/2025/livelihood.yaml:第5类事项分类“空类”没有事项。民生实事项目表只在事项的行里写事项分类,没有事项的分类"
        "无法写进表里:请给它补上事项,或删去这一类。没有导出。\n",
    )
    assert not (tmp_path / "n.docx").exists()


def test_export_refuses_an_existing_file_and_other_formats(project: Path, tmp_path: Path) -> None:
    exported = tmp_path / "notice.docx"
    exported.write_bytes(b"")
    assert run(project, "export", "--edition", "2025", str(exported))[1:] == (
        "",
        f"{exported}:文件已存在,没有导出。确认要替换它时,请加上 --force。\n",
    )
    assert run(project, "export", "--edition", "2025", str(tmp_path / "n.pdf"))[2] == (
        f"{tmp_path / 'n.pdf'}:导出只写 Word 文件(.docx)或 Excel 文件(.xlsx)。\n"
    )
    assert run(project, "export", "--edition", "2031", str(tmp_path / "n.docx"))[2] == "data/2031/:没有 2031 年版。\n"


# --- the pieces --------------------------------------------------------------------------------------------------


def test_word_reads_merged_cells_as_one_cell_repeated(tmp_path: Path) -> None:
    path = tmp_path / "grid.docx"
    grid = Grid(
        "t", [["序号", "甲", "乙"], ["1", "跨两行\n第二段", "x"], ["", "", "y"]], merges=[(1, 1, 2, 1), (0, 1, 0, 2)]
    )
    word.write([grid], path)
    [table] = word.read(path, "grid.docx")
    assert [[c.text for c in row] for row in table.rows] == [
        ["序号", "甲", "甲"],
        ["1", "跨两行\n第二段", "x"],
        ["", "跨两行\n第二段", "y"],
    ]
    assert table.rows[0][1] is table.rows[0][2] and table.rows[1][1] is table.rows[2][1]
    assert str(table.rows[2][1].at) == "grid.docx:表1 第2行 第2列"  # a merged cell is where it starts
    assert str(table.rows[2][2].at) == "grid.docx:表1 第3行 第3列"


def test_ordinals() -> None:
    assert [notice.ordinal(n) for n in (1, 9, 10, 11, 20, 25, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十五",
        "九十九",
    ]
    assert all(notice.ordinal_value(notice.ordinal(n)) == n for n in range(1, 100))


def test_units_split_at_separators_but_not_inside_a_listed_name(project: Path) -> None:
    reader = notice.Reader(project, 2025, "n.docx", notice.Registry(["市甲局", "市乙、丙办", "市丁局"], {}))
    cell = notice.Cell("市甲局、市乙、丙办\n市丁局;市戊局", At("n.docx", 1, 2, 3))
    assert reader.units(cell, "第1项任务") == ["市甲局", "市乙、丙办", "市丁局", "市戊局"]


# --- random editions ----------------------------------------------------------------------------------------------


def plain(value: object) -> object:
    """Parsed YAML as plain dicts, lists and strings, for comparing a project with what came back."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return str(value)


@settings(SETTINGS, max_examples=25)
@given(projects())
def test_a_random_edition_exported_and_imported_is_the_same(
    tmp_path_factory: pytest.TempPathFactory, p: Project
) -> None:
    """Any valid edition: exported to Word and imported, the data read back is the project's; imported again
    from its own export, every file byte for byte the same as the first import."""
    root = tmp_path_factory.mktemp("random")
    for unit in p.units:  # a name holding a separator is split like the document's lists: not in this test
        unit["name"] = (
            unit["name"].replace("、", "").replace(",", "").replace(",", "").replace(";", "").replace(";", "")
        )
    used = {item["category"] for item in p.livelihood["items"]}
    if any(c["no"] not in used for c in p.livelihood["categories"]):
        reject()  # a category without items: the table cannot hold it (export says so, below)
    write_project(root, p, templates=False)
    try:
        validate.build_site(load.read_sources(root))
    except DataError:
        reject()  # a name shortened above collides with another: not a valid project
    year = str(p.year)
    first = root / "first.docx"
    code, _, err = run(root, "export", "--edition", year, str(first))
    assert (code, err) == (0, "")
    code, _, err = run(root, "import", str(first), "--edition", year, "--force")
    assert code == 0, err
    for name, value in (("tasks.yaml", p.tasks), ("livelihood.yaml", p.livelihood)):
        assert plain(yaml.load((root / f"data/{year}" / name).read_text("utf-8"), yaml.BaseLoader)) == plain(value)
    imported = data_files(root)
    second = root / "second.docx"
    assert run(root, "export", "--edition", year, str(second))[0] == 0
    assert run(root, "import", str(second), "--edition", year, "--force")[0] == 0
    assert data_files(root) == imported


def test_check_refuses_to_overwrite_and_writes_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/a.yaml").write_text("old\n", "utf-8")
    outputs = [check.Output("data/a.yaml", "new\n"), check.Output("data/b.yaml", "b\n")]
    with pytest.raises(ImportFailed):
        check.write_outputs(tmp_path, outputs, force=False)
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["a.yaml"]
    check.write_outputs(tmp_path, outputs, force=False, amended=frozenset({"data/a.yaml"}))
    assert (tmp_path / "data/a.yaml").read_text("utf-8") == "new\n"
