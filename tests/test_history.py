"""`build.py check`: a published address never changes meaning, in any commit of data/.

Each case is a throwaway git repository holding a copy of the fixture site (tests/fixtures/site/), with
commits at fixed dates; the expected messages name the commits by their hashes, read back from git.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from factory import make_project

import build
from disclosure.build.pipeline import build as build_site
from disclosure.config import Config
from disclosure.source import load

TASK_2 = "- no: 2\n  text: 研发投入强度达到3.5%。\n  units:\n    - 市科技局\n"
LAST_TASK = "- no: 7\n"  # the last task of the 2024 edition
WITHDRAW = "withdrawn: {date: YYYY-MM-DD, reason: …}"
FIRST_DATE, SECOND_DATE, THIRD_DATE = "2026-01-01", "2026-02-01", "2026-03-01"


def git(root: Path, *args: str, date: str = FIRST_DATE) -> str:
    """Run git in root as a fixed author at a fixed date; its output."""
    stamp = f"{date}T09:00:00+08:00"
    run = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
    )
    return run.stdout.strip()


def commit(root: Path, message: str, date: str) -> str:
    """Commit every change; the new commit's short hash."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "log", "-1", "--format=%h")


def copy_project(to: Path) -> Path:
    return make_project(to)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the fixture site, data committed on FIRST_DATE."""
    root = copy_project(tmp_path / "repo")
    git(root, "init", "-q")
    commit(root, "data", FIRST_DATE)
    return root


def first(root: Path) -> str:
    """The short hash of the repository's first commit."""
    return git(root, "rev-list", "--max-parents=0", "--abbrev-commit", "HEAD")


def check(root: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str, list[str]]:
    """Run `build.py check`: its exit code, its output and its error lines after the headline."""
    code = build.main(["check", "--root", str(root), *more])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("warning: ")]  # the sum checks
    return code, out, lines[1:] if code else lines


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), "utf-8")


def drop_last_task(root: Path, with_its_progress: bool = True) -> None:
    """Delete task 7, and (unless told) what the 2024-h1 report says of it: a report may name only a task there is."""
    tasks = root / "data/2024/tasks.yaml"
    text = tasks.read_text("utf-8")
    tasks.write_text(text[: text.index(LAST_TASK)], "utf-8")
    if with_its_progress:
        edit(root / REPORT_H1, TASK_7_PROGRESS, "")


REPORT_H1 = "data/2024/progress/2024-h1.yaml"


def drop_report_entries(root: Path, key: str, number: int) -> None:
    """Take what 2024's reports say of one record out of them ("task", 5), as an editor renumbering would: a report
    may not name a withdrawn record, which a renumbering may now put under that number."""
    for report in sorted((root / "data/2024/progress").glob("*.yaml")):
        text = report.read_text("utf-8")
        report.write_text(re.sub(rf"(?m)^  - {key}: {number}\n(?:    .*\n)*", "", text), "utf-8")


TASK_7_PROGRESS = "  - task: 7\n    status: 原文未标明\n    text: 已确定示范基地选址4处。\n"


def at(root: Path, path: str, find: object) -> str:
    """file:line:col of a value in the working tree, found through the loader's positions."""
    return str(find(load.load_yaml(root / path, root)).pos)  # type: ignore[operator]


def slug_at(root: Path, path: str, name: str) -> str:
    """file:line:col of the slug of the unit or area with that name."""
    return at(root, path, lambda v: next(u for u in v if u["name"] == name)["slug"])


def page(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path / "index.html").read_text("utf-8"), "html.parser")


def history_text(out: Path, path: str) -> str:
    return page(out, path).find("section", class_="history").get_text(" ", strip=True)


def test_a_failed_check_says_once_how_positions_are_written(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drop_last_task(repo)
    assert build.main(["check", "--root", str(repo)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "数据检查没有通过。请按下列位置修改(位置写作 文件:行:列,例如 data/2023/tasks.yaml:12:7 即该文件第12行第7列):"
    )


def test_deleting_a_task_fails_naming_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drop_last_task(repo)
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"data/2024/tasks.yaml: task 7: 发布于提交 {first(repo)}({FIRST_DATE}),现在没有了。"
        f"已发布的记录永远不删除:请把它放回去,并标为撤回({WITHDRAW})。",
    ]


def test_deleting_a_task_a_report_names_fails_in_the_report_too(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The report's entry is checked first (the data is read before the history): it names a task there is not."""
    drop_last_task(repo, with_its_progress=False)
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"{at(repo, REPORT_H1, lambda v: v['tasks'][5]['task'])}:进展通报“2024-h1”第7项任务的任务序号是“7”,"
        "应为 data/2024/tasks.yaml 中一项任务的序号(1–6)。",
    ]


def test_deleting_a_task_and_renumbering_the_rest_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Task 5 deleted, 6–7 renumbered 5–6, a new 7 added: every number is there, none means the same."""
    tasks = repo / "data/2024/tasks.yaml"
    text = tasks.read_text("utf-8")
    start, end = text.index("- no: 5\n"), text.index("- no: 6\n")
    rest = re.sub(r"^- no: (\d+)$", lambda m: f"- no: {int(m[1]) - 1}", text[end:], flags=re.MULTILINE)
    new = "- no: 7\n  text: 新增一项任务。\n  units:\n    - 市发展改革委\n"
    tasks.write_text(text[:start] + rest + new, "utf-8")
    drop_report_entries(repo, "task", 5)  # 5 is now the withdrawn 6
    expected = [
        f"{at(repo, 'data/2024/tasks.yaml', lambda v: v[4]['text'])}: tasks 5–6: 这里写的是任务 6–7的内容"
        f"(按提交 {first(repo)}({FIRST_DATE})发布的版本),序号都小了1,但每一项的内容都要保持原来的序号:"
        f"请把它们放回任务 6–7,收回的任务请标为撤回({WITHDRAW}),新的任务加在最后。",
    ]
    assert check(repo, capsys)[::2] == (1, expected)
    commit(repo, "renumber", SECOND_DATE)  # committed, it is still refused: the first commit had them
    assert check(repo, capsys)[::2] == (1, expected)


def test_renumbering_is_caught_when_the_texts_lose_their_full_stops(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A re-transcription that drops punctuation while it renumbers is still a renumbering."""
    tasks = repo / "data/2024/tasks.yaml"
    edit(tasks, "研发投入强度达到3.5%。", "SWAP")
    edit(tasks, "一般公共预算收入增长5%左右。", "研发投入强度达到3.5%")
    edit(tasks, "SWAP", "一般公共预算收入增长5% 左右")
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert [e.split(": ", 2)[1] for e in errors] == ["task 2", "task 3"]


def test_a_withdrawn_task_issued_again_at_the_end_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Task 2 withdrawn, its text added again as task 8: /2024/tasks/2/ still shows it, nothing moved."""
    tasks = repo / "data/2024/tasks.yaml"
    edit(tasks, TASK_2, TASK_2 + "  withdrawn:\n    date: 2025-01-21\n    reason: 重新下达。\n")  # after its reports
    tasks.write_text(tasks.read_text("utf-8") + TASK_2.replace("- no: 2\n", "- no: 8\n"), "utf-8")
    code, out, errors = check(repo, capsys)
    assert (code, errors) == (0, [])
    assert "已发布的记录都没有被删除或移动" in out


def test_a_record_published_on_the_other_side_of_a_merge_counts(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`git pull` merged the remote main (where task 8 was published) into a local commit, keeping the local
    data: the first-parent line never held task 8, and its loss is refused all the same."""
    tasks = repo / "data/2024/tasks.yaml"
    local = git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    git(repo, "checkout", "-q", "-b", "upstream")
    tasks.write_text(tasks.read_text("utf-8") + TASK_2.replace("- no: 2\n", "- no: 8\n").replace("3.5", "3.9"), "utf-8")
    upstream = commit(repo, "task 8, published from the remote main", SECOND_DATE)
    git(repo, "checkout", "-q", local)
    edit(tasks, "研发投入强度达到3.5%。", "研发投入强度达到3.5%左右。")
    commit(repo, "a local correction", SECOND_DATE)
    git(repo, "merge", "-q", "-s", "ours", "-m", "merge the remote main", "upstream", date=THIRD_DATE)
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"data/2024/tasks.yaml: task 8: 发布于提交 {upstream}({SECOND_DATE}),现在没有了。"
        f"已发布的记录永远不删除:请把它放回去,并标为撤回({WITHDRAW})。",
    ]


def test_moving_a_row_to_the_next_item_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Row 2 (机构托位, the last row of item 1) moved to be the first row of item 2: it keeps its number,
    but /2024/projects/1/#row-2 no longer finds it."""
    live = repo / "data/2024/livelihood.yaml"
    text = live.read_text("utf-8")
    start, end = text.index("      - name: 机构托位\n"), text.index("  - no: 2\n    category:")
    row, text = text[start:end], text[:start] + text[end:]
    first_row = text.index("      - ", text.index("  - no: 2\n    category:"))
    live.write_text(text[:first_row] + row + text[first_row:], "utf-8")
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert [e.split(": ", 2)[1:] for e in errors] == [
        [
            "livelihood item 2 row 2 (机构托位)",
            f"指标行 2 现在在 item 2 下,发布时在 item 1 下(提交 {first(repo)},{FIRST_DATE}):"
            f"指标行不能换到别的民生实事项目。请把它标为撤回({WITHDRAW}),在本版最后一个指标行之后另加新的指标行。",
        ]
    ]


def test_swapping_two_tasks_fails_naming_both(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = repo / "data/2024/tasks.yaml"
    edit(tasks, "研发投入强度达到3.5%。", "SWAP")
    edit(tasks, "一般公共预算收入增长5%左右。", "研发投入强度达到3.5%。")
    edit(tasks, "SWAP", "一般公共预算收入增长5%左右。")
    code, _, errors = check(repo, capsys)
    published = f"(按提交 {first(repo)}({FIRST_DATE})发布的版本)"
    rule = f"收回的任务请标为撤回({WITHDRAW}),新的任务加在最后。"
    assert code == 1
    assert errors == [
        f"{at(repo, 'data/2024/tasks.yaml', lambda v: v[1]['text'])}: task 2: 这里写的是 task 3 的内容{published},"
        f"但每一项的内容都要保持原来的序号:请把它放回任务 3,{rule}",
        f"{at(repo, 'data/2024/tasks.yaml', lambda v: v[2]['text'])}: task 3: 这里写的是 task 2 的内容{published},"
        f"但每一项的内容都要保持原来的序号:请把它放回任务 2,{rule}",
    ]


def test_a_deletion_committed_two_commits_back_is_still_caught(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drop_last_task(repo)
    deleted = commit(repo, "drop task 7", SECOND_DATE)
    edit(repo / "data/2024/tasks.yaml", "研发投入强度达到3.5%。", "研发投入强度达到3.6%。")
    commit(repo, "correct task 2", THIRD_DATE)
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"data/2024/tasks.yaml: task 7: 发布于提交 {first(repo)}({FIRST_DATE}),现在没有了"
        f"(从提交 {deleted}({SECOND_DATE})起)。已发布的记录永远不删除:请把它放回去,并标为撤回({WITHDRAW})。",
    ]


def test_a_version_published_before_a_text_rule_still_counts(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A version with a value folded over two lines (refused today, published then) is read for its records:
    deleting task 7 after it is caught, not forgotten with the version."""
    edit(repo / "data/2024/tasks.yaml", "  text: 研发投入强度达到3.5%。\n", "  text: 研发投入强度\n    达到3.5%。\n")
    folded = commit(repo, "task 2 folded", SECOND_DATE)
    edit(repo / "data/2024/tasks.yaml", "  text: 研发投入强度\n    达到3.5%。\n", "  text: 研发投入强度达到3.5%。\n")
    drop_last_task(repo)
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"data/2024/tasks.yaml: task 7: 发布于提交 {first(repo)}({FIRST_DATE}),现在没有了。"
        f"已发布的记录永远不删除:请把它放回去,并标为撤回({WITHDRAW})。",
    ], folded


def test_deleting_a_livelihood_row_fails_at_the_rows_after_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Row 2 (item 1, 机构托位) deleted: rows 3–6 are now numbered 2–5, and #row-2 shows another row."""
    live = repo / "data/2024/livelihood.yaml"
    text = live.read_text("utf-8")
    start = text.index("      - name: 机构托位\n")
    end = text.index("  - no: 2\n    category:")
    live.write_text(text[:start] + text[end:], "utf-8")
    drop_report_entries(repo, "row", 5)  # 5 is now the withdrawn 6
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"{at(repo, 'data/2024/livelihood.yaml', lambda v: v['items'][1]['indicators'][0]['name'])}: rows 2–5: "
        f"这里写的是指标行 3–6的指标(按提交 {first(repo)}({FIRST_DATE})发布的版本),序号都小了1,"
        f"但每一项的指标都要保持原来的序号:请把它们放回指标行 3–6,收回的指标行请标为撤回({WITHDRAW}),"
        "新的指标行加在最后。",
    ]


def test_withdrawing_instead_of_deleting_passes_and_shows_on_the_page(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tasks = repo / "data/2024/tasks.yaml"
    withdrawn = TASK_2 + "  withdrawn:\n    date: 2025-01-21\n    reason: 市政府调整了该项任务。\n"  # after its reports
    edit(tasks, TASK_2, withdrawn)
    code, out, _ = check(repo, capsys)
    assert code == 0
    assert "已发布的记录都没有被删除或移动:已与 data/ 到 HEAD 为止的 1 个提交比较。" in out

    assert build.main(["--root", str(repo), "--out", str(tmp_path / "out"), "--no-search"]) == 0
    html = (tmp_path / "out/2024/tasks/2/index.html").read_text("utf-8")
    assert "本项任务已撤销。</strong>撤销日期 2025-01-21。市政府调整了该项任务。" in html
    assert "研发投入强度达到3.5%。" in html  # the original text stays readable


def test_an_area_slug_change_needs_former_slugs(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    areas = repo / "data/areas.yaml"
    edit(areas, "  slug: nanjiang\n", "  slug: nanjiang-city\n")
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"{slug_at(repo, 'data/areas.yaml', '南江市')}: area 南江市: 页面地址(slug)“nanjiang”发布于提交 "
        f"{first(repo)}({FIRST_DATE}),现在没有了。已发布的地址永远不变:请把旧的 slug 写进 "
        "former_slugs: [nanjiang],让它跳转到新地址。",
    ]
    edit(areas, "  slug: nanjiang-city\n", "  slug: nanjiang-city\n  former_slugs: [nanjiang]\n")
    assert check(repo, capsys)[::2] == (0, [])
    commit(repo, "new slug for 南江市", SECOND_DATE)
    assert check(repo, capsys)[::2] == (0, [])
    build_site(repo, tmp_path / "out", Config(), with_search=False)
    old = page(tmp_path / "out", "districts/nanjiang")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/districts/nanjiang-city/"


def test_a_slug_given_to_another_unit_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two units swap slugs: both addresses still exist, and both now show the wrong department."""
    units = repo / "data/units.yaml"
    edit(units, "  slug: science-technology\n", "  slug: SWAP\n")
    edit(units, "  slug: finance\n", "  slug: science-technology\n")
    edit(units, "  slug: SWAP\n", "  slug: finance\n")
    code, _, errors = check(repo, capsys)
    published = f"(提交 {first(repo)},{FIRST_DATE})"
    assert code == 1
    assert errors == [
        f"{slug_at(repo, 'data/units.yaml', '市科技局')}: unit 市科技局: 页面地址(slug)是“finance”,"
        f"应为“science-technology”:这是它发布时的地址{published},现在却属于 unit 市财政局。"
        "已发布的地址永远不改变含义:请给 市科技局 保留“science-technology”(作为 slug,或写进 former_slugs),"
        "另给 市财政局 一个自己的 slug。",
        f"{slug_at(repo, 'data/units.yaml', '市财政局')}: unit 市财政局: 页面地址(slug)是“science-technology”,"
        f"应为“finance”:这是它发布时的地址{published},现在却属于 unit 市科技局。"
        "已发布的地址永远不改变含义:请给 市财政局 保留“finance”(作为 slug,或写进 former_slugs),"
        "另给 市科技局 一个自己的 slug。",
    ]


def test_renaming_an_indicator_is_an_edit(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    live = repo / "data/2024/livelihood.yaml"
    edit(live, "      - name: 停车位\n", "      - name: 公共停车位\n")
    edit(repo / "data/2024/tasks.yaml", "研发投入强度达到3.5%。", "研发投入强度达到3.6%。")  # a corrected text too
    assert check(repo, capsys)[::2] == (0, [])
    renamed = commit(repo, "correct an indicator's name", SECOND_DATE)
    assert check(repo, capsys)[::2] == (0, [])
    build_site(repo, tmp_path / "out", Config(), with_search=False)
    history = page(tmp_path / "out", "2024/projects/3").find("section", class_="history")
    assert history.find("h3").get_text(strip=True) == f"{SECOND_DATE} 的修改(数据版本 {renamed})"
    assert [dt.get_text(strip=True) for dt in history.find_all("dt")] == ["指标名称"]
    assert history.find("dd").get_text("|", strip=True) == "原为:停车位|改为:公共停车位"


def test_against_compares_with_the_commits_up_to_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A task added and taken out again within a pull request was never published: --against <its base>."""
    base = git(repo, "rev-parse", "HEAD")
    tasks = repo / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8") + "- no: 8\n  text: 新增一项任务。\n  units:\n    - 市发展改革委\n")
    added = commit(repo, "add task 8", SECOND_DATE)
    drop = tasks.read_text("utf-8")
    tasks.write_text(drop[: drop.index("- no: 8\n")], "utf-8")
    removed = commit(repo, "take task 8 out again", THIRD_DATE)
    assert check(repo, capsys)[::2] == (
        1,
        [
            f"data/2024/tasks.yaml: task 8: 发布于提交 {added}({SECOND_DATE}),现在没有了"
            f"(从提交 {removed}({THIRD_DATE})起)。已发布的记录永远不删除:请把它放回去,并标为撤回({WITHDRAW})。"
        ],
    )
    code, out, errors = check(repo, capsys, "--against", base)
    assert (code, errors) == (0, [])
    assert f"已与 data/ 到 {base} 为止的 1 个提交比较" in out


def test_against_an_unknown_revision_fails_plainly(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(repo, capsys, "--against", "no-such-branch")[::2] == (
        1,
        [
            "data:读不了 data/ 到 no-such-branch 为止的历史(fatal: bad revision 'no-such-branch'):"
            "no-such-branch 要是一个存在的提交。"
        ],
    )


def test_without_git_the_check_says_it_did_not_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "tarball")
    code, out, _ = check(root, capsys)
    assert code == 0
    assert "这里不是 git 仓库的工作目录:没有检查已发布的地址(这项检查要把 data/ 与它的 git 历史比较)。" in out


def test_a_broken_git_folder_fails_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "copy")
    (root / ".git").mkdir()  # there, but no repository: a copy gone wrong, not a tarball
    assert check(root, capsys)[::2] == (
        1,
        [
            "data:git 读不了这个版本库(not a git repository (or any of the parent directories): .git):"
            "需要一个能用的 git 工作目录(或者一份不带 .git 的副本,那样就不比较历史)。"
        ],
    )


def test_a_repository_owned_by_another_user_fails_with_the_fix(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root, to give the repository to another user")
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))  # no safe.directory from the machine's own config
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["chown", "-R", "nobody", str(repo)], check=True)
    probe = subprocess.run(["git", "status"], cwd=repo, capture_output=True, text=True, check=False)
    if "dubious ownership" not in probe.stderr:
        pytest.skip(f"this git does not check ownership: {probe.stderr.strip() or 'git status passed'}")
    where = repo.resolve()
    assert check(repo, capsys)[::2] == (
        1,
        [
            f"data:git 拒绝读取 {where} 的版本库:它属于另一个用户(dubious ownership)。"
            f"请用运行检查的那个用户执行 `git config --global --add safe.directory {where}`,然后再检查一次。"
        ],
    )
    build_site(repo, tmp_path / "out", Config(), with_search=False)  # the build works, and says why
    assert history_text(tmp_path / "out", "2024/tasks/2") == (
        "修改记录 生成网站时 git 拒绝读取版本库(目录属于另一个用户),无法显示本项任务的修改记录。"
    )


def test_a_shallow_clone_fails_and_the_pages_say_the_history_is_incomplete(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tasks = repo / "data/2024/tasks.yaml"
    edit(tasks, "研发投入强度达到3.5%。", "研发投入强度达到3.6%。")
    commit(repo, "correct task 2", SECOND_DATE)
    edit(tasks, "研发投入强度达到3.6%。", "研发投入强度达到3.7%。")
    last = commit(repo, "correct task 2 again", THIRD_DATE)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))  # the first commit is not there
    assert check(clone, capsys)[::2] == (
        1,
        [
            "data:git 历史不完整(浅克隆),检查要与 data/ 以前的每一个提交比较:请运行 `git fetch --unshallow`"
            "(GitHub Actions:actions/checkout 设 fetch-depth: 0)。"
        ],
    )
    out = tmp_path / "out"
    build_site(clone, out, Config(), with_search=False)
    assert history_text(out, "2024/tasks/3") == "修改记录 版本历史不完整(浅克隆),首次发布日期未知,现有历史中没有修改。"
    assert history_text(out, "2024/tasks/2") == (
        "修改记录 版本历史不完整(浅克隆),首次发布日期未知;以下是现有历史中的修改。 "
        f"{THIRD_DATE} 的修改(数据版本 {last}) 任务内容 原为:研发投入强度达到3.6%。 改为:研发投入强度达到3.7%。"
    )
    feed = (out / "feeds/changes.xml").read_text("utf-8")
    history = [e for e in feed.split("<entry>")[1:] if "#v-" in e]  # the git history's (the reports' are the data's)
    assert len(history) == 1 and "发布" not in history[0]  # no first publication made up

    git(clone, "fetch", "-q", "--unshallow")  # what the message says to do
    assert check(clone, capsys)[::2] == (0, [])
    build_site(clone, tmp_path / "full", Config(), with_search=False)
    assert (
        history_text(tmp_path / "full", "2024/tasks/3")
        == f"修改记录 首次发布于 {FIRST_DATE}(数据版本 {first(clone)}),此后没有修改。"
    )
