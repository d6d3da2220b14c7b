"""The shapes real task tables take (issue 14): sections numbered continuously or afresh in each, leads
marked ★ (one or several), a task for which the document lists no unit. Fixture variants built through
make_project; pages parsed, open data read back, the deletion check run on per-section addresses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from factory import FIXTURE, build_fixture, make_project, serve
from test_downloads import frictionless, read_csv
from test_history import check, commit, git, history_text
from test_html_validate import assert_every_page_is_valid_html
from test_schema import validator

from disclosure.build.pipeline import build
from disclosure.config import Config
from disclosure.errors import DataError
from disclosure.source import load, validate

TASKS_2024, TASKS_2025 = "data/2024/tasks.yaml", "data/2025/tasks.yaml"
DOCUMENT_2025 = "data/2025/document.yaml"
REPORT_2025 = "data/2025/progress/2025-q1.yaml"  # reports task 1, 1-1 once numbers restart in each section
REPORTS_2024 = [f"data/2024/progress/{name}.yaml" for name in ("2024-jan-may", "2024-h1", "2024-annual")]
NOTE_2025 = "tasks_note: 列第一位者为牵头单位。\n"
NUMBERING = "expected the numbers 1, 2, 3, … in order without gaps or repeats"
FIVE_YEARS, YEAR_2024, YEAR_2025 = "未来五年主要工作任务", "2024年重点工作", "2025年重点工作"


def in_sections(path: str, numbering: str, sections: list[tuple[str, int]]) -> str:
    """The fixture's tasks.yaml at path rewritten as sections: (title, how many of its tasks) each, in order."""
    text = (FIXTURE / path).read_text("utf-8")
    chunks = re.split(r"(?m)^(?=- no: )", text)[1:]
    out = f"numbering: {numbering}\nsections:\n"
    for sno, (title, count) in enumerate(sections, start=1):
        out += f"  - no: {sno}\n    title: {title}\n    tasks:\n"
        for n, chunk in enumerate(chunks[:count], start=1):
            if numbering == "per-section":
                chunk = re.sub(r"^- no: \d+", f"- no: {n}", chunk)
            out += "".join(f"    {line}" if line.strip() else line for line in chunk.splitlines(keepends=True))
        chunks = chunks[count:]
    assert not chunks
    return out


SECTIONED = {
    TASKS_2024: in_sections(TASKS_2024, "continuous", [(FIVE_YEARS, 3), (YEAR_2024, 4)]),
    TASKS_2025: in_sections(TASKS_2025, "per-section", [(FIVE_YEARS, 2), (YEAR_2025, 2)]),
    REPORT_2025: ("  - task: 1\n", "  - task: 1-1\n"),
}
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
STARRED = {
    DOCUMENT_2025: (NOTE_2025, "tasks_note: 标★者为牵头单位。\nlead_rule: star\n"),
    TASKS_2025: STAR_TASKS_2025,
    # a task with no unit under the default rule (first listed leads)
    TASKS_2024: (
        "  units:\n    - 市农科院\n    - 示城集团\n    - 市税务局\n    - 示例经济开发区(示例港区)\n",
        "  units: []\n",
    ),
}


@pytest.fixture(scope="module")
def sectioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with 2024's tasks in two sections numbered on, 2025's in two numbered afresh."""
    _, site, _ = build_fixture(tmp_path_factory.mktemp("sectioned"), SECTIONED)
    return site


@pytest.fixture(scope="module")
def starred(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with 2025 a ★ document (one task starring two leads, one listing none) and a 2024 task
    listing no unit."""
    _, site, _ = build_fixture(tmp_path_factory.mktemp("starred"), STARRED)
    return site


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def text(tag: Tag | None) -> str:
    return "" if tag is None else " ".join(tag.get_text(" ", strip=True).split())


def index_rows(soup: BeautifulSoup) -> list[tuple[str, str, str, str, str]]:
    """Each row of a task index: (its section heading, row id, link, label, units cell)."""
    out = []
    for table in soup.select("main table.tasks"):
        heading = table.find_previous_sibling("h2")
        section = text(heading) if heading and heading.get("id", "").startswith("section-") else ""
        for tr in table.select("tbody tr"):
            a = tr.select_one("td.no a")
            out.append((section, tr["id"], a["href"], text(a), tr.select("td")[2].get_text("", strip=True)))
    return out


def facts(soup: BeautifulSoup) -> dict[str, str]:
    """A task page's facts: dt -> dd text."""
    dl = soup.select_one("dl.facts")
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in dl.find_all("dt")}


def read_json(site: Path, path: str) -> list[dict]:
    return json.loads((site / "data" / path).read_text("utf-8"))


# --- sections ------------------------------------------------------------------------------------------


def test_continuous_sections_are_headings_and_keep_the_addresses(sectioned: Path) -> None:
    soup = page(sectioned, "2024/tasks")
    assert [(h["id"], text(h)) for h in soup.select("main h2[id^=section-]")] == [
        ("section-1", f"一、{FIVE_YEARS}"),
        ("section-2", f"二、{YEAR_2024}"),
    ]
    rows = index_rows(soup)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        (f"一、{FIVE_YEARS}" if n <= 3 else f"二、{YEAR_2024}", f"task-{n}", f"/2024/tasks/{n}/", f"第{n}项")
        for n in range(1, 8)
    ]
    task = page(sectioned, "2024/tasks/4")
    assert text(task.h1) == "第4项"
    assert text(task.select_one("p.kicker")) == f"2024年政府工作报告重点工作 · 二、{YEAR_2024}"


def test_per_section_numbers_make_section_addresses_and_labels(sectioned: Path) -> None:
    rows = index_rows(page(sectioned, "2025/tasks"))
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        (f"一、{FIVE_YEARS}", "task-1-1", "/2025/tasks/1-1/", "第一部分第1项"),
        (f"一、{FIVE_YEARS}", "task-1-2", "/2025/tasks/1-2/", "第一部分第2项"),
        (f"二、{YEAR_2025}", "task-2-1", "/2025/tasks/2-1/", "第二部分第1项"),
        (f"二、{YEAR_2025}", "task-2-2", "/2025/tasks/2-2/", "第二部分第2项"),
    ]
    assert not (sectioned / "2025/tasks/3").exists()
    soup = page(sectioned, "2025/tasks/2-1")
    assert text(soup.h1) == "第二部分第1项"
    assert text(soup.title).startswith("2025年重点工作第二部分第1项:治理城区拥堵点位20个。")
    assert text(soup.select_one("p.kicker")) == f"2025年政府工作报告重点工作 · 二、{YEAR_2025}"
    assert text(soup.select_one("nav.breadcrumbs li[aria-current]")) == "第二部分第1项"
    assert [(a["rel"][0], a["href"], text(a)) for a in soup.select("nav.prev-next a")] == [
        ("prev", "/2025/tasks/1-2/", "上一项:第一部分第2项"),
        ("next", "/2025/tasks/2-2/", "下一项:第二部分第2项"),
    ]
    assert "第二部分第1项" in text(soup.select_one("#cite-text"))
    structured = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert structured["name"].endswith("第二部分第1项")
    assert structured["position"] == 3  # its place among the edition's tasks: 1-1's position is 1, not 2-1's too
    # the department pages name the task as the index does, and link to its address
    links = {a["href"]: text(a) for a in page(sectioned, "departments/science-technology").select("main a")}
    assert "第二部分第2项" in links["/2025/tasks/2-2/"]


def test_sections_reach_the_open_data_only_where_they_are(sectioned: Path, fixture_site: Path) -> None:
    rows = read_csv(sectioned, "2025/tasks.csv")
    assert list(rows[0])[:4] == ["year", "section", "section_title", "no"]
    assert [(r["section"], r["section_title"], r["no"]) for r in rows] == [
        ("1", FIVE_YEARS, "1"),
        ("1", FIVE_YEARS, "2"),
        ("2", YEAR_2025, "1"),
        ("2", YEAR_2025, "2"),
    ]
    assert rows[2]["url"].endswith("/2025/tasks/2-1/")
    units = read_csv(sectioned, "2025/task_units.csv")
    assert [(r["section"], r["task_no"], r["unit"]) for r in units][-2:] == [
        ("2", "2", "市科技局"),
        ("2", "2", "市财政局"),
    ]
    assert [r["section"] for r in read_csv(sectioned, "2024/tasks.csv")] == ["1"] * 3 + ["2"] * 4
    data = read_json(sectioned, "2025/tasks.json")
    assert [(t["section"], t["section_title"], t["no"], t["url"]) for t in data][2] == (
        2,
        YEAR_2025,
        1,
        "/2025/tasks/2-1/",
    )
    assert list(validator("tasks.json").iter_errors(data)) == []
    # the unchanged fixture (a plain list) has neither
    assert "section" not in read_csv(fixture_site, "2025/tasks.csv")[0]
    assert "section" not in read_json(fixture_site, "2025/tasks.json")[0]
    package = json.loads((sectioned / "data/datapackage.json").read_text("utf-8"))
    keys = {r["name"]: r["schema"]["primaryKey"] for r in package["resources"] if "primaryKey" in r.get("schema", {})}
    assert keys["tasks-2025"] == ["section", "no"] and keys["tasks-2024"] == ["no"]
    report = frictionless(sectioned / "data/datapackage.json")
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:2000]


# --- leads ---------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_lead_filter_finds_a_task_under_each_of_its_starred_leads(starred: Path, page: object) -> None:
    cases = [
        ("housing-construction", ["第2项"], "显示市建设局牵头的 1 项任务(共 4 项)。"),
        ("education", ["第2项"], "显示市教育局牵头的 1 项任务(共 4 项)。"),
        ("", ["第1项", "第2项", "第3项", "第4项"], ""),
    ]
    with serve(starred) as url:
        for lead, shown, status in cases:
            page.goto(f"{url}2025/tasks/?lead={lead}")  # type: ignore[attr-defined]
            assert page.locator("tr[data-lead]:visible td.no a").all_inner_texts() == shown, lead  # type: ignore[attr-defined]
            assert page.locator("#filter-status").inner_text() == status  # type: ignore[attr-defined]


def test_starred_leads_are_shown_as_the_document_marks_them(starred: Path) -> None:
    soup = page(starred, "2025/tasks")
    heads = [text(th) for th in soup.select("main table.tasks thead th")]
    assert heads == ["序号", "主要工作任务", "责任单位(标★者为牵头单位)", "最新进展状态"]
    assert "标★者为牵头单位。" in text(soup.select_one("main h1").find_next_sibling("p"))
    assert [r[4] for r in index_rows(soup)] == [
        "★市发展改革委",
        "★市教育局、★市建设局",
        "市治堵办、★东湖区政府",
        "原文未列责任单位",
    ]
    leads = [tr["data-lead"] for tr in soup.select("main tr[data-lead]")]
    assert leads == ["development-reform", "education housing-construction", "donghu-government", ""]
    options = {o["value"]: text(o) for o in soup.select("#lead option") if o["value"]}
    assert options == {
        "development-reform": "市发展改革委(1项)",
        "education": "市教育局(1项)",
        "housing-construction": "市建设局(1项)",
        "donghu-government": "东湖区政府(1项)",
    }
    # the default rule still says its own words
    assert "责任单位(第一位为牵头单位)" in [text(th) for th in page(starred, "2024/tasks").select("thead th")]


def test_the_department_index_says_what_leading_means_in_each_year(starred: Path) -> None:
    intro = page(starred, "departments").select_one("main h1").find_next_sibling("p")
    assert text(intro).endswith(
        "“牵头”指负责牵头落实,即2025年的文件中在责任单位前标★,2024年的文件中在责任单位中列第一位。"
    )


def test_a_task_page_names_every_lead_and_only_the_others_as_co_units(starred: Path) -> None:
    assert facts(page(starred, "2025/tasks/2")) == {
        "牵头单位": "市教育局 市建设局",
        "其他责任单位": "无(所列单位均为牵头单位)",
    }
    assert facts(page(starred, "2025/tasks/3")) == {"牵头单位": "东湖区政府", "其他责任单位": "市治堵办"}
    soup = page(starred, "2025/tasks/2")
    assert soup.select_one("meta[name=description]")["content"] == "新建改建学校8所。 牵头单位:市教育局、市建设局。"
    led = {a["href"] for a in page(starred, "departments/housing-construction").select("main a")}
    assert "/2025/tasks/2/" in led


def test_a_task_with_no_unit_says_so(starred: Path) -> None:
    for path in ("2025/tasks/4", "2024/tasks/7"):
        soup = page(starred, path)
        assert facts(soup) == {"责任单位": "原文未列责任单位"}, path
        assert soup.select_one("meta[name=description]")["content"].endswith(" 原文未列责任单位。")
    assert index_rows(page(starred, "2024/tasks"))[-1][4] == "原文未列责任单位"


def test_leads_reach_the_open_data(starred: Path) -> None:
    rows = read_csv(starred, "2025/tasks.csv")
    assert [(r["lead"], r["leads"], r["units"]) for r in rows] == [
        ("市发展改革委", "市发展改革委", "市发展改革委"),
        ("市教育局", "市教育局、市建设局", "市教育局、市建设局"),
        ("东湖区政府", "东湖区政府", "市治堵办、东湖区政府"),
        ("", "", ""),
    ]
    units = read_csv(starred, "2025/task_units.csv")
    assert [(r["task_no"], r["unit"], r["lead"]) for r in units] == [
        ("1", "市发展改革委", "true"),
        ("2", "市教育局", "true"),
        ("2", "市建设局", "true"),
        ("3", "市治堵办", "false"),
        ("3", "东湖区政府", "true"),
    ]
    data = read_json(starred, "2025/tasks.json")
    assert [(t["lead"], t["leads"], t["units"]) for t in data][1:] == [
        ("市教育局", ["市教育局", "市建设局"], ["市教育局", "市建设局"]),
        ("东湖区政府", ["东湖区政府"], ["市治堵办", "东湖区政府"]),
        (None, [], []),
    ]
    first_rule = read_json(starred, "2024/tasks.json")
    assert "leads" not in first_rule[0] and "leads" not in read_csv(starred, "2024/tasks.csv")[0]
    assert (first_rule[-1]["lead"], first_rule[-1]["units"]) == (None, [])
    for published in (data, first_rule):
        assert list(validator("tasks.json").iter_errors(published)) == []
    report = frictionless(starred / "data/datapackage.json")
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:2000]


@pytest.mark.parametrize(
    ("shape", "year", "sentence"),
    [
        (
            "sectioned",
            2024,
            "7 项重点工作,分 2 个部分,序号从 1 到 7 跨部分连续、不重复;每项至少有一个责任单位,共列出责任单位 16 次。",
        ),
        (
            "sectioned",
            2025,
            "4 项重点工作,分 2 个部分,各部分的序号都从 1 起连续、不重复(第一部分 1 到 2,第二部分 1 到 2);"
            "每项至少有一个责任单位,共列出责任单位 7 次。",
        ),
        (
            "starred",
            2025,
            "4 项重点工作,序号从 1 到 4 连续、不重复;3 项列有责任单位,共列出责任单位 5 次;1 项原文未列责任单位。",
        ),
    ],
)
def test_the_checks_page_says_what_was_checked_of_each_shape(
    shape: str, year: int, sentence: str, request: pytest.FixtureRequest
) -> None:
    """Per-section numbers are checked per section, and a task the document lists no unit for is not
    said to have one."""
    checks = page(request.getfixturevalue(shape), f"{year}/checks/")
    assert text(checks.select_one("#passed + ul li")) == sentence


def test_the_downloads_page_says_how_each_year_marks_the_leads(starred: Path) -> None:
    """task_units.csv has position 1 lead where the first listed leads, a lead column where ★ marks them."""
    downloads = page(starred, "data/")
    items = {year: downloads.select_one(f"#data-{year} + p + ul li:nth-of-type(2)") for year in (2025, 2024)}
    assert {year: text(li).split(":", 1)[1] for year, li in items.items()} == {
        2025: "每个“任务—单位”一行,位次为原文列出的顺序, lead 列标明是否牵头单位(原文标★者),便于按单位统计。",
        2024: "每个“任务—单位”一行,位次 1 为牵头单位,便于按单位统计。",
    }
    assert [li.a["href"].rsplit("/", 2)[-2:] for li in items.values()] == [
        ["2025", "task_units.csv"],
        ["2024", "task_units.csv"],
    ]


def test_the_task_pages_of_each_shape_are_valid_html(sectioned: Path, starred: Path, tmp_path: Path) -> None:
    for name, site in (("sectioned", sectioned), ("starred", starred)):  # one run of the validator for all
        for year in ("2024", "2025"):
            shutil.copytree(site / year / "tasks", tmp_path / name / year)
    assert_every_page_is_valid_html(tmp_path, 20)


# --- the deletion check on per-section addresses -------------------------------------------------------


def test_the_deletion_check_knows_tasks_by_their_section_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "repo", {k: SECTIONED[k] for k in (TASKS_2025, REPORT_2025)})
    git(root, "init", "-q")
    published = commit(root, "data", "2026-01-01")
    assert check(root, capsys)[0] == 0
    tasks = root / TASKS_2025
    yaml_text = tasks.read_text("utf-8")
    last = yaml_text.index("    - no: 2\n      text: 全社会研发经费增长10%。")
    tasks.write_text(yaml_text[:last], "utf-8")  # task 2-2 deleted
    code, _, errors = check(root, capsys)
    assert code == 1
    assert errors[0].startswith(f"{TASKS_2025}: task 2-2: 发布于提交 {published}(2026-01-01),现在没有了。"), errors


def renumber_reports(root: Path, year: int, refs: dict[str, str]) -> None:
    """Name the tasks in an edition's reports by their new refs, as an editor switching the numbering would:
    only the tasks' own addresses are then left to report."""
    for report in sorted((root / f"data/{year}/progress").glob("*.yaml")):
        text = report.read_text("utf-8")
        report.write_text(re.sub(r"(?m)^  - task: (\S+)$", lambda m: f"  - task: {refs[m[1]]}", text), "utf-8")


@pytest.mark.parametrize(
    ("path", "now", "refs", "expected"),
    [
        (
            TASKS_2025,
            in_sections(TASKS_2025, "continuous", [(FIVE_YEARS, 2), (YEAR_2025, 2)]),
            {"1-1": "1"},
            f"{TASKS_2025}:7:13: tasks 1–4: 这些任务现在是连续编号,发布时是任务 1-1–2-2,分部分编号"
            "(提交 {published},2026-01-01):编号方式变了,已发布的地址 2025/tasks/1-1/ … 2025/tasks/2-2/ 会失效"
            "(共 4 个页面)。请按发布时的方式分部分编号:已发布文件的编号永远不变。",
        ),
        (
            TASKS_2024,
            in_sections(TASKS_2024, "per-section", [(FIVE_YEARS, 3), (YEAR_2024, 4)]),
            {str(n): f"1-{n}" if n <= 3 else f"2-{n - 3}" for n in range(1, 8)},
            f"{TASKS_2024}:7:13: tasks 1-1–2-4: 这些任务现在是分部分编号,发布时是任务 1–7,连续编号"
            "(提交 {published},2026-01-01):编号方式变了,已发布的地址 2024/tasks/1/ … 2024/tasks/7/ 会失效"
            "(共 7 个页面)。请按发布时的方式连续编号:已发布文件的编号永远不变。",
        ),
    ],
    ids=["to-continuous", "to-per-section"],
)
def test_a_change_of_numbering_is_reported_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, now: str, refs: dict[str, str], expected: str
) -> None:
    """A switch of numbering: not each task to put back, one numbering that changed."""
    root = make_project(tmp_path / "repo", SECTIONED)
    git(root, "init", "-q")
    published = commit(root, "data", "2026-01-01")
    (root / path).write_text(now, "utf-8")
    renumber_reports(root, int(path.split("/")[1]), refs)
    code, _, errors = check(root, capsys)
    assert code == 1
    assert errors == [expected.format(published=published)]


# --- bad input: one (edits, exact messages) pair each ---------------------------------------------------

STAR_RULE = {DOCUMENT_2025: (NOTE_2025, NOTE_2025 + "lead_rule: star\n")}
SECTIONS_2025 = SECTIONED[TASKS_2025]


BAD = [
    pytest.param(
        {TASKS_2024: ("    - 市发展改革委\n", "    - ★市发展改革委\n")},
        [
            (
                "data/2024/tasks.yaml:7:7:第1项任务的责任单位是标了★的“★市发展改革委”,应为不带★的名称:"
                "document.yaml 的牵头单位标记方式是 first(排第一的单位牵头);如果文件用★标记牵头单位,请在那里写 "
                "lead_rule: star。"
            )
        ],
        id="star-under-first",
    ),
    pytest.param(
        STAR_RULE,
        [
            f"data/2025/tasks.yaml:{line}:5:第{no}项任务的责任单位中没有标★的单位,"
            "应按文件的印法在每个牵头单位前标★(- ★市发展改革委):document.yaml 的牵头单位标记方式是 star。"
            for no, line in ((1, 7), (2, 11), (3, 16), (4, 21))
        ],
        id="star-rule-but-no-star",
    ),
    pytest.param(
        {**STAR_RULE, TASKS_2025: STAR_TASKS_2025.replace("    - ★市建设局\n", "    - ★市建设厅\n")},
        ["data/2025/tasks.yaml:9:7:第2项任务的责任单位“市建设厅”不在 data/units.yaml 中。是不是“市建设局”?"],
        id="starred-unknown-unit",
    ),
    pytest.param(
        {**STAR_RULE, TASKS_2025: STAR_TASKS_2025.replace("    - 市治堵办\n", "    - 东湖区政府\n")},
        ["data/2025/tasks.yaml:14:7:第3项任务的责任单位“东湖区政府”重复,每个责任单位只能写一次。"],
        id="starred-unit-listed-twice",
    ),
    pytest.param(
        {
            "data/units.yaml": ("- name: 市妇联\n", "- name: ★市妇联\n"),
            TASKS_2024: ("    - 市妇联\n", "    - ★市妇联\n"),
        },
        [
            (
                "data/units.yaml:50:9:单位“★市妇联”的名称是“★市妇联”,应为不带★的名称:单位名称从不含★,★只在 "
                "tasks.yaml 中标记牵头单位(lead_rule: star)。"
            )
        ],
        id="star-in-a-registered-name",
    ),
    pytest.param(
        {**STAR_RULE, TASKS_2025: STAR_TASKS_2025.replace("    - ★市发展改革委\n", "    - ★\n")},
        [
            (
                "data/2025/tasks.yaml:4:7:第1项任务的责任单位是一个★,后面没有单位名称,应为★后接 data/units.yaml "
                "中登记的单位名称(- ★市发展改革委)。"
            )
        ],
        id="star-alone",
    ),
    pytest.param(
        {TASKS_2025: "[]\n"},
        ["data/2025/tasks.yaml:1:1:文件内容是空列表,应为至少一项任务。"],
        id="no-tasks",
    ),
    pytest.param(
        {
            TASKS_2025: in_sections(TASKS_2025, "per-section", [(FIVE_YEARS, 4)])
            + "  - no: 2\n    title: 空\n    tasks: []\n"
        },
        ["data/2025/tasks.yaml:27:12:第2部分的任务是空列表,应为至少一项任务。"],
        id="section-without-tasks",
    ),
    pytest.param(
        {DOCUMENT_2025: (NOTE_2025, NOTE_2025 + "lead_rule: stars\n")},
        [
            (
                "data/2025/document.yaml:15:12:2025年版 document.yaml的牵头单位标记方式是“stars”,应为以下之一:first、"
                "star。"
            )
        ],
        id="unknown-lead-rule",
    ),
    pytest.param(
        {TASKS_2025: ("  units:\n    - 市科技局\n    - 市财政局\n", "")},
        ["data/2025/tasks.yaml:18:3:第4项任务缺少责任单位(units)。"],
        id="units-left-out",
    ),
    pytest.param(
        {TASKS_2025: (SECTIONS_2025.replace("  - no: 2\n    title", "  - no: 3\n    title"))},
        ["data/2025/tasks.yaml:15:9:第3部分排在第2个,序号却是3,应为 1、2、3……依次编号,不跳号,不重号。"],
        id="gap-in-section-numbers",
    ),
    pytest.param(
        {TASKS_2025: (SECTIONS_2025.replace("  - no: 2\n    title", "  - no: 1\n    title"))},
        ["data/2025/tasks.yaml:15:9:第1部分排在第2个,序号却是1,应为 1、2、3……依次编号,不跳号,不重号。"],
        id="duplicate-section-number",
    ),
    pytest.param(
        {TASKS_2025: SECTIONS_2025.replace("    - no: 1\n      text: 治理", "    - no: 3\n      text: 治理")},
        [
            (
                "data/2025/tasks.yaml:18:11:第2部分第3项任务排在第1个(在第2部分内,按部分编号 per-section),"
                "序号却是3,应为 1、2、3……依次编号,不跳号,不重号。"
            )
        ],
        id="per-section-numbers-that-continue",
    ),
    pytest.param(
        {TASKS_2025: SECTIONS_2025.replace("numbering: per-section", "numbering: continuous")},
        [
            (
                "data/2025/tasks.yaml:18:11:第1项任务排在第3个(各部分连续编号 continuous),序号却是1,应为 1、2、"
                "3……依次编号,不跳号,不重号。"
            )
        ],
        id="continuous-numbers-that-restart",
    ),
    pytest.param(
        {TASKS_2025: SECTIONS_2025.replace("numbering: per-section", "numbering: restart")},
        ["data/2025/tasks.yaml:1:12:文件内容的编号方式是“restart”,应为以下之一:continuous、per-section。"],
        id="unknown-numbering",
    ),
    pytest.param(
        {TASKS_2025: SECTIONS_2025.replace("numbering: per-section\n", "")},
        ["data/2025/tasks.yaml:1:1:文件内容缺少编号方式(numbering)。"],
        id="numbering-left-out",
    ),
    pytest.param(
        {TASKS_2025: SECTIONS_2025.replace("    title: 2025年重点工作\n", "    name: 2025年重点工作\n")},
        [
            "data/2025/tasks.yaml:15:5:第2部分缺少标题(title)。",
            "data/2025/tasks.yaml:16:5:第2部分有未知字段“name”,应为以下字段之一:no、tasks、title。",
        ],
        id="unknown-section-field",
    ),
    pytest.param(
        {TASKS_2025: SECTIONS_2025.replace("sections:\n", "section:\n")},
        [
            "data/2025/tasks.yaml:1:1:文件内容缺少部分(sections)。",
            "data/2025/tasks.yaml:2:1:文件内容有未知字段“section”,应为以下字段之一:numbering、sections。",
        ],
        id="unknown-top-field",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), BAD)
def test_a_bad_task_shape_is_refused_with_exact_messages(tmp_path: Path, edits: dict, expected: list[str]) -> None:
    project = make_project(tmp_path / "project", edits)
    with pytest.raises(DataError) as error:
        validate.build_site(load.read_sources(project))
    assert [str(p) for p in error.value.problems] == expected


def test_a_per_section_task_keeps_its_history_under_its_ref(tmp_path: Path) -> None:
    """A correction to task 2-1 is in 2-1's history, and in no other task's (1-1 shares its number)."""
    root = make_project(tmp_path / "repo", {k: SECTIONED[k] for k in (TASKS_2025, REPORT_2025)})
    git(root, "init", "-q")
    first = commit(root, "data", "2026-01-01")
    tasks = root / TASKS_2025
    tasks.write_text(tasks.read_text("utf-8").replace("治理城区拥堵点位20个。", "治理城区拥堵点位25个。"), "utf-8")
    second = commit(root, "correct task 2-1", "2026-02-01")
    build(root, tmp_path / "out", Config(), with_search=False)
    assert history_text(tmp_path / "out", "2025/tasks/2-1") == (
        f"修改记录 首次发布于 2026-01-01(数据版本 {first})。 2026-02-01 的修改(数据版本 {second}) "
        "任务内容 原为:治理城区拥堵点位20个。 改为:治理城区拥堵点位25个。"
    )
    assert (
        history_text(tmp_path / "out", "2025/tasks/1-1")
        == f"修改记录 首次发布于 2026-01-01(数据版本 {first}),此后没有修改。"
    )
    feed = (tmp_path / "out/feeds/changes.xml").read_text("utf-8")
    assert "2025年重点工作第二部分第1项" in feed


def test_a_task_moved_to_another_section_keeps_its_address_and_its_page_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under continuous numbering a task's address has no section in it: moving task 3 to section 2 breaks
    nothing, and its page's change list has the move."""
    root = make_project(tmp_path / "repo", {TASKS_2024: SECTIONED[TASKS_2024]})
    git(root, "init", "-q")
    first = commit(root, "data", "2026-01-01")
    moved = in_sections(TASKS_2024, "continuous", [(FIVE_YEARS, 2), (YEAR_2024, 5)])
    (root / TASKS_2024).write_text(moved, "utf-8")
    second = commit(root, "task 3 is in section 2", "2026-02-01")
    assert check(root, capsys)[0] == 0
    build(root, tmp_path / "out", Config(), with_search=False)
    assert history_text(tmp_path / "out", "2024/tasks/3") == (
        f"修改记录 首次发布于 2026-01-01(数据版本 {first})。 2026-02-01 的修改(数据版本 {second}) "
        f"所属部分 原为:一、{FIVE_YEARS} 改为:二、{YEAR_2024}"
    )
    assert (
        history_text(tmp_path / "out", "2024/tasks/2")
        == f"修改记录 首次发布于 2026-01-01(数据版本 {first}),此后没有修改。"
    )


def test_a_shift_within_a_section_is_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Section 2's first task deleted and the rest renumbered: one problem for the run, named by refs."""
    per_section = in_sections(TASKS_2024, "per-section", [(FIVE_YEARS, 3), (YEAR_2024, 4)])
    # without 2024's reports, which name tasks by their numbers before the shift (a report's ref is checked)
    root = make_project(tmp_path / "repo", {TASKS_2024: per_section, **dict.fromkeys(REPORTS_2024)})
    git(root, "init", "-q")
    published = commit(root, "data", "2026-01-01")
    tasks = root / TASKS_2024
    yaml_text = tasks.read_text("utf-8")
    start = yaml_text.index("    - no: 1\n      text: 新增城镇就业")
    end = yaml_text.index("    - no: 2\n      text: 实施人才新政")
    shifted = yaml_text[:start] + yaml_text[end:]
    for old, text_start in ((2, "实施"), (3, "整理"), (4, "建成")):
        shifted = shifted.replace(
            f"    - no: {old}\n      text: {text_start}", f"    - no: {old - 1}\n      text: {text_start}"
        )
    tasks.write_text(shifted, "utf-8")
    code, _, errors = check(root, capsys)
    assert code == 1
    assert errors == [
        f"{TASKS_2024}:22:13: tasks 2-1–2-3: 这里写的是任务 2-2–2-4的内容(按提交 {published}(2026-01-01)发布的版本),"
        "序号都小了1,但每一项的内容都要保持原来的序号:请把它们放回任务 2-2–2-4,"
        "收回的任务请标为撤回(withdrawn: {date: YYYY-MM-DD, reason: …}),新的任务加在本部分的最后。"
    ]
