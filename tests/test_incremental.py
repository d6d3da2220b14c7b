"""The dev server re-renders only the pages an edit changes (disclosure/tools/incremental.py): after each kind of
edit, the served folder is byte for byte what a full render of the edited project gives, and a one-task
edit renders a handful of pages, not the site."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import make_project, more_tasks

from disclosure.build import plan, write
from disclosure.build.pipeline import Build, render_site
from disclosure.build.templating import THEME, environment
from disclosure.config import Config
from disclosure.messages import SERVE_FAILED
from disclosure.model import Site
from disclosure.outputs import opendata, pages
from disclosure.source import changelog, load, validate
from disclosure.tools import serve
from disclosure.tools.serve import DevSite, Superseded

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
    (  # after the reports naming it (one withdrawn before a report's as_of is refused there)
        "a task withdrawn",
        "data/2024/tasks.yaml",
        "  text: 研发投入强度达到3.5%。\n",
        "  text: 研发投入强度达到3.5%。\n  withdrawn:\n    date: 2025-01-21\n    reason: 已并入第1项。\n",
        15,
    ),
    ("a target figure", "data/2024/livelihood.yaml", "          东湖区: 8\n", "          东湖区: 9\n", 20),
    # an equal number written otherwise (Decimal 9 == 9.0): the pages show it as written
    ("a figure's decimals", "data/2024/livelihood.yaml", "          东湖区: 9\n", "          东湖区: 9.0\n", 20),
    # a figure of a recurring indicator (停车位): 2025's district and department pages compare it
    ("a recurring figure", "data/2024/livelihood.yaml", "          东湖区: 1200\n", "          东湖区: 1300\n", 20),
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
    # a row without breakdown: no district page lists it, but each counts it (另有 1 项指标只有全市目标)
    (
        "an item without breakdown added",
        "data/2024/livelihood.yaml",
        "          reason: 候车亭改由公交公司建设。\n",
        "          reason: 候车亭改由公交公司建设。\n"
        "  - no: 5\n    category: 3\n    text: 新建绿道10公里。\n    lead: 市建设局\n"
        "    indicators:\n      - name: 绿道\n        target: 10\n",
        30,
    ),
    # a report's entries: its own page, the list of reports, and the pages of the records they speak of
    ("a report's text", "data/2024/progress/2024-h1.yaml", "强度预计达到3.1%", "强度预计达到3.2%", 8),
    (
        "a report's status",
        "data/2024/progress/2024-annual.yaml",
        "status: 进度滞后\n    text: 引进",
        "status: 未启动\n    text: 引进",
        10,
    ),
    ("an area's completion", "data/2024/progress/2024-annual.yaml", "      东湖区: 9\n", "      东湖区: 7\n", 13),
    ("a unit's full name", "data/units.yaml", "full_name: 示例市科学技术局", "full_name: 示例市科学技术局(测试)", None),
    ("the notice text", "content/2024/notice.md", "请认真贯彻执行。", "请认真贯彻执行。(编辑)", None),
    ("a template", "templates/task.html", "<dt>牵头单位</dt>", "<dt>牵头单位(编辑)</dt>", None),
    ("the site's areas label", "site.yaml", "  areas: 县(市、区)\n", "  areas: 县市区\n", None),
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
    return dict(render_site(site, dev.root, dev.config, fresh, dev.history))


def assert_served(dev: DevSite, expected: dict[str, bytes]) -> None:
    """The served folder holds exactly these files, byte for byte (the search index and the server's own aside)."""
    served = on_disk(dev.out)
    assert served.keys() == expected.keys()
    assert [rel for rel in expected if served[rel] != expected[rel]] == []


@contextlib.contextmanager
def restored(dev: DevSite, *files: str) -> Iterator[None]:
    """Afterwards, whatever the test did: these files as they were, no page shown, the dev site up to date."""
    texts = {file: (dev.root / file).read_text("utf-8") for file in files}
    try:
        yield
    finally:
        dev.shown = tuple
        for file, text in texts.items():
            (dev.root / file).write_text(text, "utf-8")
        dev.update(list(files))


def on_disk(out: Path) -> dict[str, bytes]:
    files = {}
    for folder, subfolders, names in os.walk(out):
        if folder == str(out / "dev"):  # not the pages of stopped workers, being removed meanwhile (discard)
            subfolders[:] = [name for name in subfolders if not name.startswith("discarded-")]
        files |= {(Path(folder) / name).relative_to(out).as_posix(): Path(folder) / name for name in names}
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
    rendered, total = (int(n) for n in report.removeprefix("重新生成了 ").split(" 个页面")[0].split("/"))
    if most is not None:
        assert rendered <= most, report  # 13 of them are index pages, always rendered (incremental.page_key None)
    else:
        assert rendered == total, report
    assert_served(dev, full_render(dev))


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


def test_the_pages_the_browsers_show_are_written_first(dev: DevSite) -> None:
    """A template edit renders every page: the page a browser shows is written, and the browsers reloaded,
    before any other (an address no page has is ignored); the result is a full render."""
    template = dev.root / "templates/task.html"
    text = template.read_text("utf-8")
    dev.shown = lambda: ["/2024/tasks/3/", "/2024/tasks/no-such/", "/../../etc/passwd"]
    seen = []

    def reload() -> None:
        pages = [(dev.out / f"2024/tasks/{n}/index.html").read_text("utf-8") for n in (3, 4)]
        seen.append(tuple("牵头单位(先)" in page for page in pages))

    with restored(dev, "templates/task.html"):
        template.write_text(text.replace("<dt>牵头单位", "<dt>牵头单位(先)", 1), "utf-8")
        report = dev.update(["templates/task.html"], reload)
        assert seen == [(True, False)]  # and no second reload: nothing else a browser shows was written
        assert "(浏览器正打开的 1 个最先)" in report, report
        assert_served(dev, full_render(dev))


def test_a_template_error_after_the_shown_page_was_written_puts_it_back(dev: DevSite) -> None:
    """The shown page is written before the other records' pages are rendered; when one of those fails,
    the shown page is put back as it was, with every other file."""
    template = dev.root / "templates/task.html"
    text = template.read_text("utf-8")
    before = on_disk(dev.out)
    dev.shown = lambda: ["/2024/tasks/3/"]
    seen = []
    with restored(dev, "templates/task.html"):
        template.write_text(
            text.replace("<dt>牵头单位", "{% if task.no == 5 %}{{ task.no_such_field }}{% endif %}<dt>牵头单位(先)", 1),
            "utf-8",
        )
        report = dev.update(["templates/task.html"], lambda: seen.append("(先)" in read(dev, "2024/tasks/3/")))
        assert seen == [True]
        assert "no_such_field" in report, report
        assert on_disk(dev.out) == before


def test_a_newer_save_stops_an_update_which_leaves_its_work_to_the_next(dev: DevSite) -> None:
    """A save coming in while an update runs (here: once the shown page is written) stops it. The update
    was for a template put back as the default theme has it; the next ones are for a data error, then its
    fix: the last still renders every page for the template (not for the data edit, which renders a
    handful, nor for a template that differs from the theme's, which renders all on every save), and the
    result is a full render."""
    template, tasks = dev.root / "templates/task.html", dev.root / "data/2024/tasks.yaml"
    data, theme = tasks.read_text("utf-8"), (THEME / "task.html").read_text("utf-8")
    with restored(dev, "templates/task.html", "data/2024/tasks.yaml"):
        template.write_text(theme.replace("<dt>牵头单位", "<dt>牵头单位(改)", 1), "utf-8")
        dev.update(["templates/task.html"])
        dev.shown = lambda: ["/2024/tasks/3/"]
        template.write_text(theme, "utf-8")
        report = dev.update(["templates/task.html"], dev.supersede, dev.supersede())  # (a newer save at reload)
        assert report.startswith("有新的保存,这次更新停在半路"), report
        assert "牵头单位(改)" not in read(dev, "2024/tasks/3/") and "牵头单位(改)" in read(dev, "2024/tasks/4/")
        tasks.write_text(data + "- 不是一项任务\n", "utf-8")
        assert dev.update(["data/2024/tasks.yaml"], save=dev.supersede()).startswith(SERVE_FAILED)
        tasks.write_text(data.replace("  text: ", "  text: 改", 1), "utf-8")
        report = dev.update(["data/2024/tasks.yaml"], save=dev.supersede())
        rendered, total = report.removeprefix("重新生成了 ").split(" 个页面")[0].split("/")
        assert rendered == total, report
        assert_served(dev, full_render(dev))


def test_a_newer_save_stops_an_update_between_two_open_data_files(
    dev: DevSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data files are the last 0.27 s of a one-task edit's update at 10,000 tasks: a save coming in
    then does not wait for them. The next update writes them: a full render."""
    tasks = dev.root / "data/2024/tasks.yaml"
    made: list[str] = []

    def csv_bytes(names: list[str], rows: list, where: str) -> bytes:  # a newer save after the first file
        made.append(where)
        if len(made) == 1:
            dev.supersede()
        return write_csv(names, rows, where)

    write_csv = opendata.csv_bytes
    with restored(dev, "data/2024/tasks.yaml"):
        tasks.write_text(tasks.read_text("utf-8").replace("  text: ", "  text: 又改", 1), "utf-8")
        monkeypatch.setattr(opendata, "csv_bytes", csv_bytes)
        report = dev.update(["data/2024/tasks.yaml"], save=dev.supersede())
        assert report.startswith("有新的保存,这次更新停在半路"), report
        assert len(made) == 1
        assert "又改" not in (dev.out / "data/2024/tasks.csv").read_text("utf-8-sig")
        report = dev.update(["data/2024/tasks.yaml"], save=dev.supersede())
        assert len(made) > 5 and "又改" in (dev.out / "data/2024/tasks.csv").read_text("utf-8-sig")
        assert_served(dev, full_render(dev))


def test_a_stopped_update_of_an_edit_then_undone_leaves_a_full_render(dev: DevSite) -> None:
    """The stopped update wrote the edited task's page (shown); with the edit undone and the page closed,
    the next update renders that page again (it forgot its key): the result is a full render."""
    tasks = dev.root / "data/2024/tasks.yaml"
    data = tasks.read_text("utf-8")
    dev.shown = lambda: ["/2024/tasks/1/"]
    with restored(dev, "data/2024/tasks.yaml"):
        tasks.write_text(data.replace("  text: ", "  text: 停", 1), "utf-8")
        report = dev.update(["data/2024/tasks.yaml"], dev.supersede, dev.supersede())
        assert report.startswith("有新的保存"), report
        assert "停" in read(dev, "2024/tasks/1/")
        dev.shown = tuple  # (a page shown is rendered on every save anyway)
        tasks.write_text(data, "utf-8")
        dev.update(["data/2024/tasks.yaml"], save=dev.supersede())
        assert_served(dev, full_render(dev))


def test_pages_written_by_a_stopped_update_are_indexed_after_the_next(dev: DevSite) -> None:
    """The stopped update wrote every task page of a template edit; the next, for the same template, writes
    nothing new, and still leaves the index to be made again."""
    template = dev.root / "templates/task.html"
    text = template.read_text("utf-8")
    with restored(dev, "templates/task.html"):
        template.write_text(text.replace("<dt>牵头单位", "<dt>牵头单位(索引)", 1), "utf-8")
        report = dev.update(["templates/task.html"], dev.supersede, dev.supersede())  # stopped after the records
        assert report.startswith("有新的保存") and "牵头单位(索引)" in read(dev, "2024/tasks/4/"), report
        dev.index_next = None
        report = dev.update(["templates/task.html"], save=dev.supersede())
        assert ",写入 0 个文件," in report, report
        assert dev.index_next is not None


def read(dev: DevSite, page: str) -> str:
    return (dev.out / page / "index.html").read_text("utf-8")


def test_an_update_leaves_the_environment_as_created(dev: DevSite) -> None:
    """What differs between builds is passed to each render, never set on the long-lived environment."""
    before = {name: id(value) for name, value in dev.env.globals.items()}
    tasks = dev.root / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("增长5.5%左右", "增长5.4%左右", 1), "utf-8")
    assert not dev.update(["data/2024/tasks.yaml"]).startswith("0 of ")  # pages were rendered
    assert {name: id(value) for name, value in dev.env.globals.items()} == before
    with pytest.raises(TypeError):
        dev.env.globals["history"] = changelog.UNAVAILABLE  # type: ignore[index]


# A page kind of its own, which no table of templates knows: one page per livelihood category.
CATEGORY_TEMPLATE = """\
{% extends "base.html" %}
{% block title %}{{ category.label }}{% endblock %}
{% block main %}
<h1>{{ category.label }}</h1>
<ul>{% for item in items %}<li>第{{ item.no }}项 {{ item.text }} · {{ item.lead.name }}</li>{% endfor %}</ul>
{% endblock %}
"""


def with_category_pages(site: Site) -> Iterator[tuple[str, str, dict, str]]:
    yield from pages.page_specs(site)
    for ed in site.editions:
        for c in ed.categories:
            context = {"ed": ed, "category": c, "items": ed.items_in(c)}
            yield f"{ed.year}/categories/{c.no}/", "category.html", context, f"{ed.year} category {c.no}"


@pytest.fixture(scope="module")
def dev_with_categories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevSite]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan, "page_specs", with_category_pages)
        root = make_project(tmp_path_factory.mktemp("categories") / "project")
        (root / "templates/category.html").write_text(CATEGORY_TEMPLATE, "utf-8")
        site = DevSite(root, root / ".site-dev", Config())
        assert site.full_build() is None
        yield site


@pytest.mark.parametrize(
    ("file", "old", "new", "categories"),
    [
        (
            "data/2024/livelihood.yaml",
            "新增公共停车位3000个。",
            "新增公共停车位3100个。",
            ["2024/categories/2/index.html"],
        ),
        ("data/2024/tasks.yaml", "一般公共预算收入增长5%左右。", "一般公共预算收入增长6%左右。", []),
    ],
    ids=["an item in category 2", "a task"],
)
def test_a_new_page_kind_is_rendered_again_exactly_when_what_it_shows_changes(
    dev_with_categories: DevSite, monkeypatch: pytest.MonkeyPatch, file: str, old: str, new: str, categories: list
) -> None:
    """Its key comes from its context (a category and its items), so an item's edit renders its category's
    page first, with the records' pages, and a task's edit none of them; the result is a full render."""
    dev = dev_with_categories
    rendered: list[str] = []
    render = Build.render
    monkeypatch.setattr(Build, "render", lambda self, page: rendered.append(page.file) or render(self, page))
    path = dev.root / file
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    before_reload: list[str] = []
    dev.update([file], lambda: before_reload.extend(rendered))

    assert [rel for rel in rendered if "/categories/" in rel] == categories
    assert set(categories) <= set(before_reload)
    with monkeypatch.context() as patch:
        patch.setattr(plan, "page_specs", with_category_pages)
        assert_served(dev, full_render(dev))


def test_a_site_template_that_shows_more_of_the_edition_is_rendered_again_on_every_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's key holds what the default theme shows of its edition; a site's own task.html that also
    shows how many tasks the edition has must not be left stale when a task is added elsewhere."""
    monkeypatch.setattr(plan, "page_specs", pages.page_specs)  # the catalogue as it is (dev_with_categories')
    root = make_project(
        tmp_path / "project",
        {
            "templates/task.html": (
                "<p>{{ task.text }}</p></blockquote>",
                "<p>{{ task.text }}</p></blockquote>共{{ ed.tasks|length }}项",
            )
        },
    )
    dev = DevSite(root, root / ".site-dev", Config())
    assert dev.full_build() is None
    assert "共7项" in (dev.out / "2024/tasks/1/index.html").read_text("utf-8")
    tasks = root / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8") + "- no: 8\n  text: 新增一项任务。\n  units:\n    - 市科技局\n", "utf-8")
    dev.update(["data/2024/tasks.yaml"])
    assert "共8项" in (dev.out / "2024/tasks/1/index.html").read_text("utf-8")
    assert_served(dev, full_render(dev))


@pytest.fixture(scope="module")
def dev_on_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevSite]:
    """A dev site whose every re-render of records' pages goes to two worker processes, as `make serve`'s
    does for a template or registry edit on a big project."""
    root = make_project(tmp_path_factory.mktemp("pool") / "project", {"data/2024/tasks.yaml": more_tasks(100)})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan, "page_specs", pages.page_specs)  # the catalogue as it is (dev_with_categories')
        site = DevSite(root, root / ".site-dev", Config(), workers=2)
        assert site.full_build() is None
        assert site.pool is not None
        site.pool_from = 1
        yield site
        site.pool.close()


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [(file, old, new) for _, file, old, new, most in EDITS if most is None or file.endswith("tasks.yaml")],
)
def test_pages_rendered_by_the_worker_processes_are_a_full_render(
    dev_on_pool: DevSite, file: str, old: str, new: str
) -> None:
    dev = dev_on_pool
    path = dev.root / file
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    seen: list[str] = []
    dev.update([file], lambda: seen.append((dev.out / "2024/tasks/1/index.html").read_text("utf-8")))
    if file == "templates/task.html":  # the browser reloads once the records' pages are in place
        assert len(seen) == 1 and "牵头单位(编辑)" in seen[0]
    assert_served(dev, full_render(dev))


def test_an_error_in_a_worker_process_leaves_the_pages_as_they_were(dev_on_pool: DevSite) -> None:
    dev = dev_on_pool
    template = dev.root / "templates/task.html"
    good = template.read_text("utf-8")
    before = on_disk(dev.out)
    template.write_text(good.replace("<dt>牵头单位", "<dt>{{ nowhere.at_all }}牵头单位", 1), "utf-8")
    report = dev.update(["templates/task.html"])
    assert "nowhere" in report, report
    assert on_disk(dev.out) == before
    template.write_text(good, "utf-8")
    dev.update(["templates/task.html"])


def test_a_newer_save_stops_the_workers_and_nothing_they_rendered_is_moved_in(dev_on_pool: DevSite) -> None:
    dev = dev_on_pool
    template = dev.root / "templates/task.html"
    good = template.read_text("utf-8")
    before = on_disk(dev.out)
    template.write_text(good.replace("<dt>牵头单位", "<dt>牵头单位(旧)", 1), "utf-8")
    save = dev.supersede()
    dev.supersede()  # a newer save came in
    with pytest.raises(Superseded):
        dev.render_on_pool([rel for rel in before if rel.startswith("2024/tasks/")], save)
    assert on_disk(dev.out) == before
    template.write_text(good, "utf-8")
    dev.update(["templates/task.html"])


def test_a_worker_writes_each_page_as_it_renders_it_and_stops_between_two_once_a_newer_save_came_in(
    dev_on_pool: DevSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So that a newer save also stops the writing, which took seconds on a disk at 10,000 tasks."""

    class Latest:  # the last save's number as the worker reads it before each page: newer after three pages
        reads = 0

        @property
        def value(self) -> int:
            self.reads += 1
            return 8 if self.reads > 3 else 7

    dev = dev_on_pool
    kept = {"parsed": {}, "reuse": validate.Reuse(), "env": environment(dev.root / "templates", dev.config)}
    monkeypatch.setattr(serve, "_worker", {"root": dev.root, "config": dev.config, "history": dev.history, **kept})
    serve._worker["latest"] = Latest()
    files = [f"2024/tasks/{n}/index.html" for n in range(1, 11)]
    assert serve._render_share(files, {}, str(tmp_path / "share"), 7) == ("superseded", None)
    written = sorted(p.relative_to(tmp_path / "share").as_posix() for p in (tmp_path / "share").rglob("*.html"))
    assert written == files[:3]
    assert (tmp_path / "share" / files[0]).read_bytes() == (dev.out / files[0]).read_bytes()


def test_what_stopped_workers_wrote_is_removed_while_the_next_update_runs(dev_on_pool: DevSite) -> None:
    scratch = dev_on_pool.out / "dev/rendering"
    write.write_files({"0/2024/tasks/1/index.html": b"<p>rendered before the newer save"}, scratch)
    serve.discard(scratch)
    assert not scratch.exists()
    for _ in range(1000):  # on a thread of its own
        if not [*(dev_on_pool.out / "dev").glob("discarded-*")]:
            break
        time.sleep(0.01)
    assert [*(dev_on_pool.out / "dev").glob("discarded-*")] == []
    serve.discard(scratch)  # none: nothing to do


def test_the_dev_site_links_to_where_the_dev_server_serves_it(tmp_path: Path) -> None:
    """The dev server serves its folder at /: a site published under a base path links from / there."""
    dev = DevSite(make_project(tmp_path / "project"), tmp_path / "out", Config(base_path="/jx/"))
    assert dev.full_build() is None
    page = read(dev, "2024/tasks/1/")
    links = {link for link in re.findall(r'(?:href|src)="(/[^"#?]*)', page)}
    assert len(links) > 10
    served = {link: link.removeprefix("/") + ("index.html" if link.endswith("/") else "") for link in links}
    assert [link for link, file in served.items() if not (dev.out / file).is_file()] == []


def test_after_an_edit_the_search_index_is_made_again_in_a_process_of_its_own(tmp_path: Path) -> None:
    """dev.reindex (which `make serve` runs after each update) swaps in an index of the edited text, made in
    the indexing process (niced), not in the server's."""
    root = make_project(tmp_path / "project")
    dev = DevSite(root, root / ".site-dev", Config())
    assert dev.full_build() is None
    tasks = root / "data/2024/tasks.yaml"
    edited = tasks.read_text("utf-8").replace("地区生产总值增长5.5%左右。", "地区生产总值增长5.5%左右,鹦鹉螺。")
    tasks.write_text(edited, "utf-8")
    dev.update(["data/2024/tasks.yaml"])
    assert dev.reindex().startswith("搜索索引已重建")
    assert dev.indexer is not None and dev.indexer.exitcode == 0 and dev.indexer.pid != os.getpid()
    assert dev.reindex() == ""  # nothing new to index
    contents = {}
    for fragment in (dev.out / "pagefind").rglob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        contents[record["url"]] = record["content"]
    assert "地 区 生 产 总 值 增 长 5. 5% 左 右, 鹦 鹉 螺。" in contents["/2024/tasks/1/"]
    assert not (dev.out / "dev/next-index").exists()
