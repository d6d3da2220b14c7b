"""`build.py check`: a published record may be withdrawn, never silently deleted."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import build

ROOT = Path(__file__).resolve().parent.parent
TASK_2 = "- no: 2\n  text: 研发投入强度达到3.5%。\n  units:\n    - 市科技局\n"
LAST_TASK = "- no: 118\n"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, capture_output=True
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the project, data committed."""
    for folder in ("data", "content", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "data")
    return tmp_path


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = build.main(["check", "--root", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def drop_last_task(repo: Path) -> None:
    tasks = repo / "data/2023/tasks.yaml"
    text = tasks.read_text("utf-8")
    tasks.write_text(text[: text.index(LAST_TASK)], "utf-8")


def test_deleting_a_task_fails_naming_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drop_last_task(repo)
    code, _, err = check(repo, capsys)
    assert code == 1
    assert err.splitlines()[1:] == [
        "data/2023/tasks.yaml: task 118: was in HEAD but is gone; published records are never deleted: put it back "
        "and mark it withdrawn (withdrawn: {date: YYYY-MM-DD, reason: …})",
    ]


def test_deleting_a_livelihood_row_fails_naming_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = repo / "data/2023/livelihood.yaml"
    text = live.read_text("utf-8")
    start = text.index("      - name: 高品质停车场\n")
    end = text.index("  - no: 10\n    category:")
    live.write_text(text[:start] + text[end:], "utf-8")
    code, _, err = check(repo, capsys)
    assert code == 1
    assert [line.split(": was in")[0] for line in err.splitlines()[1:]] == [
        "data/2023/livelihood.yaml: livelihood item 9 row 高品质停车场",
    ]


def test_withdrawing_instead_of_deleting_passes_and_shows_on_the_page(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tasks = repo / "data/2023/tasks.yaml"
    withdrawn = TASK_2 + "  withdrawn:\n    date: 2023-06-30\n    reason: 市政府调整了该项任务。\n"
    tasks.write_text(tasks.read_text("utf-8").replace(TASK_2, withdrawn), "utf-8")
    code, out, _ = check(repo, capsys)
    assert code == 0
    assert "no record deleted since HEAD" in out

    assert build.main(["--root", str(repo), "--out", str(tmp_path / "out"), "--no-search"]) == 0
    page = (tmp_path / "out/2023/tasks/2/index.html").read_text("utf-8")
    assert "本项任务已撤销。</strong>撤销日期 2023-06-30。市政府调整了该项任务。" in page
    assert "研发投入强度达到3.5%。" in page  # the original text stays readable


def test_committed_deletion_is_caught_against_the_parent_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drop_last_task(repo)
    git(repo, "commit", "-q", "-am", "drop task 118")
    code, _, err = check(repo, capsys)
    assert code == 1
    assert err.splitlines()[1].startswith("data/2023/tasks.yaml: task 118: was in HEAD~1 but is gone")


def test_without_git_history_the_check_says_it_did_not_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("data", "content", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    code, out, _ = check(tmp_path, capsys)
    assert code == 0
    assert "the no-deletion check did not run" in out
