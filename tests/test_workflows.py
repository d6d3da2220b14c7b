"""CI: the GitHub Actions workflow checked offline, and what the build reports to GitHub.

The workflow is never run here (no GitHub): it is validated against GitHub's published schema
(check-jsonschema's vendored copy), audited by zizmor, and held to the rules of issue 5 below.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from factory import ROOT, make_project, more_tasks

import build
from disclosure.errors import Pos, Problem
from disclosure.tools import github

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text("utf-8"), re.M))


def test_there_is_a_workflow() -> None:
    assert [p.name for p in WORKFLOWS] == ["site.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path: Path) -> None:
    run = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_zizmor_finds_nothing(path: Path) -> None:
    run = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--persona", "auditor", "--no-progress", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings to report" in run.stdout + run.stderr


def test_least_privilege_and_pinned_actions() -> None:
    text = (ROOT / ".github/workflows/site.yml").read_text("utf-8")
    flow = workflow(ROOT / ".github/workflows/site.yml")
    assert flow["permissions"] == {}
    build_job, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build_job["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [line for line in text.splitlines() if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert uses and all(PINNED.match(line) for line in uses), [u for u in uses if not PINNED.match(u)]
    checkout = next(s for s in steps(build_job) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    assert (
        next(s for s in steps(build_job) if s.get("uses", "").startswith("actions/setup-python@"))["with"]["cache"]
        == "pip"
    )


def test_deploy_only_from_main_after_the_build_and_never_cancelled() -> None:
    flow = workflow(ROOT / ".github/workflows/site.yml")
    assert set(flow["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert flow["on"]["push"]["branches"] == ["main"]
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert "github.event_name != 'pull_request'" in deploy["if"] and "refs/heads/main" in deploy["if"]
    used = [s.get("uses", "").split("@")[0] for s in steps(deploy)]
    assert used == ["actions/configure-pages", "actions/deploy-pages"]
    uploads = {
        s["uses"].split("@")[0]: s.get("if", "") for s in steps(flow["jobs"]["build"]) if "upload" in s.get("uses", "")
    }
    assert uploads["actions/upload-artifact"] == "github.event_name == 'pull_request'"
    assert "github.event_name != 'pull_request'" in uploads["actions/upload-pages-artifact"]


def test_steps_run_the_make_targets_a_person_runs() -> None:
    """What passes locally passes there: each run step is a make target, with no ${{ }} in the script."""
    runs = [s["run"] for s in steps(workflow(ROOT / ".github/workflows/site.yml")["jobs"]["build"]) if "run" in s]
    assert not [r for r in runs if "${{" in r], "pass values through env:, never into the script"
    made = [r for r in runs if r.startswith("make ")]
    assert [r.split()[1] for r in made] == ["check", "test", "changes", "site"]
    assert {r.split()[1] for r in made} <= make_targets()
    assert [r for r in runs if not r.startswith("make ")] == [
        "sudo apt-get update -qq && sudo apt-get install -y -qq fonts-wqy-microhei"
    ]


# --- what the build says to GitHub -------------------------------------------------------------


def test_an_annotation_names_file_line_and_column() -> None:
    problem = Problem(Pos("data/2023/tasks.yaml", 12, 7), "task 2", "found '市科技厅', expected a name")
    assert github.annotation(problem) == (
        "::error file=data/2023/tasks.yaml,line=12,col=7,title=task 2::found '市科技厅', expected a name"
    )


def test_a_value_cannot_inject_a_workflow_command() -> None:
    evil = "x\n::set-env name=PATH::/tmp\r\n::add-mask::secret 100%"
    problem = Problem(Pos("data/a,b:c.yaml", 3, 1), "task 1: x,y", f"found {evil!s}")
    line = github.annotation(problem)
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::error file=data/a%2Cb%3Ac.yaml,line=3,col=1,title=task 1%3A x%2Cy::found x%0A::set-env")
    assert line.endswith("secret 100%25")


def test_a_value_cannot_break_out_of_the_summary_code_block() -> None:
    block = github.code_block(["found '````' here", "````", "<script>"])
    fence = block.splitlines()[0].removesuffix("text")
    assert fence == "`" * 5 and block.rstrip("\n").endswith("\n" + fence)


def test_github_check_annotates_ten_and_summarises_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # More than ten tasks name 市财政局: the fixture's own and twenty added ones.
    project = make_project(tmp_path / "project", {"data/2024/tasks.yaml": more_tasks(20)})
    tasks = project / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("    - 市科技局\n", "    - 市科技厅\n"), "utf-8")
    tasks.write_text(tasks.read_text("utf-8").replace("    - 市财政局\n", "    - 市财政厅\n"), "utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    assert build.main(["check", "--root", str(project)]) == 1

    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines()[1:] if line.startswith("data/")]
    assert len(errors) > github.MAX_ANNOTATIONS
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == github.MAX_ANNOTATIONS
    assert all(
        re.match(r"::error file=data/2024/tasks\.yaml,line=\d+,col=\d+,title=第\d+项任务::第\d+项任务的责任单位“市", c)
        for c in commands
    )
    text = summary.read_text("utf-8")
    assert text.startswith(f"## Data check\n\n**{len(errors)} errors**")
    assert all(e in text for e in errors)


def test_github_check_of_good_data_lists_the_sum_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "data")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert build.main(["check", "--root", str(project), "--against", "HEAD"]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("::warning ")]
    assert [re.match(r"::warning file=([^,]+),line=", w)[1] for w in warnings] == [
        "data/2025/livelihood.yaml",
        "data/2024/livelihood.yaml",
    ]
    assert "No errors." in summary.read_text("utf-8") and "**2 warnings**" in summary.read_text("utf-8")


def test_github_build_annotates_a_broken_link_on_its_markdown_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken link in content/ is a build error with a place, annotated on its file and line as data errors are."""
    project = make_project(tmp_path / "project")
    source = project / "content/2024/source.md"
    link = "[重点工作](../../data/2024/tasks.json)"  # line 10
    assert link in source.read_text("utf-8")
    source.write_text(source.read_text("utf-8").replace(link, "[重点工作](../../data/2024/task.json)", 1), "utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    assert build.main(["--root", str(project), "--out", str(tmp_path / "site"), "--no-search"]) == 1

    message = "链接“../../data/2024/task.json”指向 /data/2024/task.json,网站里没有这个地址:请检查拼写。"
    out, err = capsys.readouterr()
    assert f"content/2024/source.md:10:{message}" in err.splitlines()
    assert [line for line in out.splitlines() if line.startswith("::")] == [
        f"::error file=content/2024/source.md,line=10,title=data::{message}"
    ]
    assert f"content/2024/source.md:10:{message}" in summary.read_text("utf-8")


# --- what changed -------------------------------------------------------------------------------


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, capture_output=True
    )


def test_changes_lists_the_pages_an_edit_touches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "data")
    tasks = project / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("研发投入强度达到3.5%。", "研发投入强度达到3.6%。"), "utf-8")

    assert build.main(["changes", "--root", str(project)]) == 0

    out = capsys.readouterr().out
    assert out.startswith("## 与 HEAD 相比的页面变化\n\n新增 0 个,删除 0 个,改动 9 个,")
    listed = re.findall(r"^- `(\S+)`$", out, re.M)
    assert listed == [
        "/2024/progress/2024-annual/",  # the reports quote the task's text in their table
        "/2024/progress/2024-h1/",
        "/2024/tasks/",
        "/2024/tasks/2/",
        "/data/",  # the downloads page lists sizes and checksums
        "/data/2024/tasks.csv",
        "/data/2024/tasks.json",
        "/data/datapackage.json",
        "/departments/science-technology/",
    ]
