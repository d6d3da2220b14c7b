"""The dev server re-renders only the pages an edit changes (disclosure/incremental.py): after each kind of
edit, the served folder is byte for byte what a full render of the edited project gives, and a one-task
edit renders a handful of pages, not the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import make_project, more_tasks

from disclosure.build import write
from disclosure.build.render import render_site
from disclosure.build.templating import environment
from disclosure.config import Config
from disclosure.source import changelog, load, validate
from disclosure.tools.serve import DevSite

LAST_TASK = """\
  text: 第107项测试任务。
  units:
    - 市发展改革委
    - 市财政局
"""

# (label, file, text before, text after, most pages it may render again or None for any number)
EDITS = [
    ("a task's text", "data/2024/tasks.yaml", "地区生产总值增长5.5%左右。", "地区生产总值增长7%左右。", 15),
    ("a task's co-unit", "data/2024/tasks.yaml", "    - 市妇联\n", "    - 市教育局\n", 23),
    (
        "a task withdrawn",
        "data/2024/tasks.yaml",
        "  text: 研发投入强度达到3.5%。\n",
        "  text: 研发投入强度达到3.5%。\n  withdrawn:\n    date: 2024-06-01\n    reason: 已并入第1项。\n",
        15,
    ),
    ("a target figure", "data/2024/livelihood.yaml", "          东湖区: 8\n", "          东湖区: 9\n", 20),
    (
        "a task added",
        "data/2024/tasks.yaml",
        LAST_TASK,
        LAST_TASK + "- no: 108\n  text: 新增一项任务。\n  units:\n    - 市科技局\n",
        16,
    ),
    (
        "the added task removed",
        "data/2024/tasks.yaml",
        LAST_TASK + "- no: 108\n  text: 新增一项任务。\n  units:\n    - 市科技局\n",
        LAST_TASK,
        15,
    ),
    ("a unit's full name", "data/units.yaml", "full_name: 示例市科学技术局", "full_name: 示例市科学技术局(测试)", None),
    ("the notice text", "content/2024/notice.md", "请认真贯彻执行。", "请认真贯彻执行。(编辑)", None),
    ("a template", "templates/task.html", "<dt>牵头单位</dt>", "<dt>牵头单位(编辑)</dt>", None),
]


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> DevSite:
    root = make_project(tmp_path_factory.mktemp("dev") / "project", {"data/2024/tasks.yaml": more_tasks(100)})
    site = DevSite(root, root / ".site-dev", Config())
    assert site.full_build() is None
    return site


def full_render(dev: DevSite) -> dict[str, bytes]:
    site = validate.build_site(load.read_sources(dev.root))
    fresh = environment(dev.root / "templates", dev.config)
    return dict(render_site(site, dev.root / "templates", dev.config, fresh, changelog.read(dev.root)))


def on_disk(out: Path) -> dict[str, bytes]:
    files = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    skip = ("pagefind/", "dev/status.json", write.MARKER)  # written by the index, the server and staging
    return {rel: p.read_bytes() for rel, p in files.items() if not rel.startswith(skip)}


@pytest.mark.parametrize(("label", "file", "old", "new", "most"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_renders_only_what_changed_and_the_result_is_a_full_render(
    dev: DevSite, label: str, file: str, old: str, new: str, most: int | None
) -> None:
    path = dev.root / file
    text = path.read_text("utf-8")
    assert old in text, label
    path.write_text(text.replace(old, new, 1), "utf-8")
    report = dev.update([file])
    rendered, total = (int(n) for n in report.split(" pages rendered")[0].split(" of "))
    if most is not None:
        assert rendered <= most, report  # 13 of them are index pages, always rendered (incremental.page_key None)
    else:
        assert rendered == total, report
    expected = full_render(dev)
    served = on_disk(dev.out)
    assert served.keys() == expected.keys()
    assert [rel for rel in expected if served[rel] != expected[rel]] == []


def test_the_edited_records_pages_are_written_before_the_indexes(dev: DevSite) -> None:
    """The browser reloads (first_pages_written) as soon as the edited task's page is written; the task
    index, which costs most at 10,000 tasks, comes after."""
    tasks = dev.root / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("研发投入强度达到3.5%。", "研发投入强度达到3.6%。", 1), "utf-8")
    seen = []

    def first_pages_written() -> None:
        seen.append(
            (
                "3.6%" in (dev.out / "2024/tasks/2/index.html").read_text("utf-8"),
                "3.6%" in (dev.out / "2024/tasks/index.html").read_text("utf-8"),
            )
        )

    dev.update(["data/2024/tasks.yaml"], first_pages_written)
    assert seen == [(True, False)]
    assert "3.6%" in (dev.out / "2024/tasks/index.html").read_text("utf-8")
