"""The build as a whole: bad input fails with file:line and leaves site/ alone; output is deterministic."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import jinja2
import pytest
from factory import ROOT, make_project

from disclosure.build import fanout, pipeline, templating, write
from disclosure.build.pipeline import build
from disclosure.build.plan import Plan
from disclosure.build.write import write_files
from disclosure.config import Config
from disclosure.errors import BuildError, DataError


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the fixture site's inputs (data, content) with the generator's templates."""
    return make_project(dest)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


BAD_EDITS = [
    pytest.param(
        "data/2024/tasks.yaml",
        "    - 市发展改革委\n",
        "    - 市发展改革局\n",
        "data/2024/tasks.yaml:7:7:第1项任务的责任单位“市发展改革局”不在 data/units.yaml 中。"
        "是不是“市发展改革委”或“市委改革办”?",
        id="misspelled-unit",
    ),
    pytest.param(
        "data/2024/tasks.yaml",
        "- no: 2\n",
        "- no: 1\n",
        "data/2024/tasks.yaml:8:7:第1项任务排在第2个,序号却是1,应为 1、2、3……依次编号,不跳号,不重号。",
        id="duplicate-task-number",
    ),
    pytest.param(
        "data/2024/tasks.yaml",
        "  text: 地区生产总值增长5.5%左右。\n",
        "  text: 地区生产总值增长5.5%左右。\n  text: 重复\n",
        "data/2024/tasks.yaml:6:3:字段“text”重复了(第5行已经写过),每个字段只能写一次:请删去一个。",
        id="duplicate-key",
    ),
    pytest.param(
        "data/2024/livelihood.yaml",
        "          其他: /\n",
        "",
        "data/2024/livelihood.yaml:23:11:民生实事第1项第1行(机构)的各地目标中缺少“其他”,"
        "它在 data/2024/document.yaml 的地区列(area_columns)中。",
        id="missing-area-value",
    ),
    pytest.param(
        "data/2024/livelihood.yaml",
        "          东湖区: 12.5\n",
        "          东湖区: 12,5\n",
        "data/2024/livelihood.yaml:70:16:民生实事第4项第5行(农村公路)的各地目标中“东湖区”的数字是“12,5”,"
        "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。",
        id="comma-decimal",
    ),
    pytest.param(
        "data/2024/document.yaml",
        "written: 2024-02-20\n",
        "written: 2024-2-20\n",
        "data/2024/document.yaml:8:10:2024年版 document.yaml的成文日期是“2024-2-20”,应为形如 YYYY-MM-DD 的日期。",
        id="bad-date",
    ),
    pytest.param(
        "data/units.yaml",
        "  slug: health\n",
        "  slug: Health\n",
        "data/units.yaml:22:9:单位“市卫生健康委”的页面地址(slug)是“Health”,"
        "应为小写英文字母、数字和单个连字符,如 health。",
        id="bad-slug",
    ),
    pytest.param(
        "data/2024/tasks.yaml",
        "  units:\n    - 市科技局\n- no: 3\n",
        "  units: 市科技局\n- no: 3\n",
        "data/2024/tasks.yaml:10:10:第2项任务的责任单位是“市科技局”,应为责任单位(牵头单位排第一)的列表(可以为空:[])。",
        id="units-not-a-list",  # units: [] is allowed: a task for which the document lists no unit
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD_EDITS)
def test_bad_edit_names_file_line_and_leaves_site_untouched(
    tmp_path: Path, fixture_site: Path, file: str, old: str, new: str, message: str
) -> None:
    root = copy_project(tmp_path / "project")
    out = tmp_path / "site"
    shutil.copytree(fixture_site, out)
    before = tree_digest(out)
    edit(root / file, old, new)

    with pytest.raises(DataError) as error:
        build(root, out)

    assert message in str(error.value).splitlines()
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no temporary folders left behind"


def test_template_error_names_template_and_leaves_site_untouched(tmp_path: Path, fixture_site: Path) -> None:
    root = copy_project(tmp_path / "project")
    out = tmp_path / "site"
    shutil.copytree(fixture_site, out)
    before = tree_digest(out)
    edit(root / "templates/task.html", "{{ task.text }}</p>", "{{ task.no_such_field }}</p>")

    with pytest.raises(BuildError, match=r"^templates/task.html:15: UndefinedError: .*no_such_field.*task 1\)$"):
        build(root, out)
    assert tree_digest(out) == before


def test_a_bad_unit_field_is_one_error_not_one_per_reference(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    edit(root / "data/units.yaml", "  slug: development-reform\n", "  slug: development_reform\n")
    with pytest.raises(DataError) as error:
        build(root, tmp_path / "site")
    assert [p.record for p in error.value.problems] == ["单位“市发展改革委”"]


def test_all_errors_reported_at_once(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    edit(root / "data/2024/tasks.yaml", "    - 市发展改革委\n", "    - 市发改委\n")
    edit(root / "data/2024/livelihood.yaml", "        target: 20\n", "        target: 二十\n")
    with pytest.raises(DataError) as error:
        build(root, tmp_path / "site")
    assert len(error.value.problems) == 2, str(error.value)


def test_cli_exit_code_and_message(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    edit(root / "data/2024/tasks.yaml", "    - 市发展改革委\n", "    - 市发改委\n")
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "--no-search"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "data/2024/tasks.yaml:7:7:第1项任务的责任单位“市发改委”不在 data/units.yaml 中。" in run.stderr
    assert not (root / "site").exists()


def test_sum_mismatches_are_warnings_not_errors(fixture_built: tuple) -> None:
    _, report = fixture_built
    assert [w.message for w in report.warnings] == [
        "2025年民生实事第1项第1行各地目标之和为4100,全市目标为4000;已按文件原样保留。",
        "2024年民生实事第3项第4行(停车位)各地目标之和为3300,全市目标为3000;已按文件原样保留。",
    ]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[mock.MagicMock]:
    """Calls to os.fork by fanout, in a test process that counts as single-threaded (a browser
    test earlier in the session leaves Playwright's thread running, and fanout never forks a process
    with threads; these workers only render and write files, so forking beside that thread is safe)."""
    monkeypatch.setattr(fanout.threading, "active_count", lambda: 1)
    with mock.patch.object(fanout.os, "fork", wraps=os.fork) as calls:
        yield calls


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_rendered_in_one_process_or_by_workers_are_the_same(
    tmp_path: Path, fixture_site: Path, workers: int, forks: mock.MagicMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixture site's pages go to worker processes in chunks of write.CHUNK, or stay in this one."""
    monkeypatch.setattr(write, "CHUNK", 20)  # the fixture site is small: several chunks all the same
    build(copy_project(tmp_path / "project"), tmp_path / "site", with_search=False, workers=workers)
    assert forks.call_count == (1 if workers > 1 else 0)  # this process is the other worker
    expected = {p: digest for p, digest in tree_digest(fixture_site).items() if not p.startswith("pagefind/")}
    assert tree_digest(tmp_path / "site") == expected


def test_a_template_error_in_a_worker_names_the_first_failing_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: mock.MagicMock
) -> None:
    monkeypatch.setattr(write, "CHUNK", 4)
    root = copy_project(tmp_path / "project")
    edit(root / "templates/task.html", "{{ task.text }}</p>", "{{ task.no_such_field }}</p>")
    with pytest.raises(BuildError, match=r"^templates/task.html:15: UndefinedError: .*no_such_field.*task 1\)$"):
        build(root, tmp_path / "site", workers=2)
    assert forks.call_count == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"], "no temporary folders left behind"


def test_two_builds_are_byte_identical(tmp_path: Path, fixture_site: Path) -> None:
    """Rebuild in a subprocess with another hash seed; every file must match the session's build."""
    root, out = copy_project(tmp_path / "project"), tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    assert tree_digest(out) == tree_digest(fixture_site)


def test_a_site_under_a_sub_path_links_within_it(tmp_path: Path) -> None:
    """A GitHub Pages project site lives under /<repo>/: every link must carry it (the build's link check enforces)."""
    out = tmp_path / "site"
    build(copy_project(tmp_path / "project"), out, Config(base_path="/jx/"), with_search=False)
    page = (out / "2024/tasks/4/index.html").read_text("utf-8")
    assert re.search(r'href="/jx/static/style\.[0-9a-f]{10}\.css"', page)  # fingerprinted (templating.fingerprinted)
    assert 'href="/jx/departments/womens-federation/"' in page
    assert 'href="/' not in page.replace('href="/jx/', "")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        (
            "data/2024/source.txt",
            "data/2024/document.yaml:11:14:2024年版 document.yaml的原文文件是 source.txt,"
            "但 data/2024/source.txt 不存在,应在那里放文件原文(原文只有链接时,只写原文地址 source_url)。",
        ),
        ("data/2024/tasks.yaml", "data/2024/tasks.yaml:找不到这个文件:构建要读它。"),
        ("content/2024/notice.md", "content/2024/notice.md:找不到这个文件,应为这个页面的 Markdown 文字。"),
    ],
)
def test_a_missing_file_is_named(tmp_path: Path, missing: str, message: str) -> None:
    root = copy_project(tmp_path / "project")
    (root / missing).unlink()
    with pytest.raises(DataError) as error:
        build(root, tmp_path / "site")
    assert str(error.value).startswith(message)


def test_templates_mark_nothing_safe() -> None:
    """Autoescaping is the only protection templates have; `|safe` bypasses it (allow-list: empty)."""
    offenders = [
        p.name for p in (ROOT / "templates").rglob("*.html") if "|safe" in p.read_text("utf-8").replace(" ", "")
    ]
    assert offenders == []


def test_a_symlink_among_static_files_is_refused(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "templates/static/passwd.txt").symlink_to("/etc/passwd")
    with pytest.raises(DataError, match=r"^templates/static/passwd.txt:这是一个符号链接\(指向 /etc/passwd\)"):
        build(root, tmp_path / "site", with_search=False)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("path", ["../outside.html", "/etc/x", "a/../../b", "a\\b"])
def test_output_paths_cannot_leave_the_site(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError, match="output paths must stay inside the site folder"):
        write_files({path: b"x"}, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_two_pages_writing_one_path_is_an_error_naming_both() -> None:
    plan = Plan()
    plan.page("departments/health/", "department.html", {}, "unit 市卫生健康委")
    with pytest.raises(BuildError) as error:
        plan.file("departments/health/index.html", b"b", "unit 市卫健委")
    assert str(error.value) == (
        "unit 市卫健委 and unit 市卫生健康委 would both write departments/health/index.html; "
        "give one of them another slug or number"
    )


def test_a_worker_that_dies_is_one_sentence_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A render worker killed (out of memory, a signal) sends no result: the build says so in one sentence."""
    monkeypatch.setattr(fanout.threading, "active_count", lambda: 1)

    parent = os.getpid()

    def dies(pages: object) -> None:
        if os.getpid() == parent:  # this process is a worker too: slow, so that the forked one takes a chunk
            time.sleep(0.5)
        else:
            os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(BuildError, match=r"^a render worker \(process \d+\) ended without its pages; build again$"):
        fanout.map_chunks(dies, list(range(10)), 2, 3)
    assert fanout.map_chunks(sum, list(range(10)), 2, 3) == [3, 12, 21, 9]  # and results come back in order


def test_workers_take_every_chunk_once_whatever_the_order_they_are_dealt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks dealt heaviest first (here: the last first) to whichever worker is free, more chunks than a pipe
    holds numbers at once: each is rendered exactly once, by some worker, and the results come back in order."""
    monkeypatch.setattr(fanout.threading, "active_count", lambda: 1)
    items = list(range(20_000))

    def chunk(part: list[int]) -> tuple[int, int, int]:
        return part[0], len(part), os.getpid()

    forked, fork = [], os.fork

    def counted_fork() -> int:
        if pid := fork():
            forked.append(pid)
        return pid

    monkeypatch.setattr(fanout.os, "fork", counted_fork)
    results = fanout.map_chunks(chunk, items, 3, 1, weight=lambda i: i)  # 20,000 numbers: 80 kB, a pipe holds 64
    assert [(first, n) for first, n, _ in results] == [(i, 1) for i in items]
    assert len(forked) == 2  # this process is the third worker
    assert {pid for _, _, pid in results} <= {os.getpid(), *forked}


def test_a_build_leaves_its_environment_as_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """History, data version, fragments and data files are passed to each page's render: environment()
    creates everything the environment ever has, and it cannot be changed afterwards."""
    made: list[tuple[jinja2.Environment, dict[str, int]]] = []

    def environment(templates: Path, config: Config) -> jinja2.Environment:
        env = templating.environment(templates, config)
        made.append((env, {name: id(value) for name, value in env.globals.items()}))
        return env

    monkeypatch.setattr(pipeline, "environment", environment)
    build(make_project(tmp_path / "project"), tmp_path / "site", with_search=False, workers=1)
    [(env, created)] = made
    assert {name: id(value) for name, value in env.globals.items()} == created
    assert not {"history", "data_version", "data_commit", "fragment", "data_files"} & created.keys()
    with pytest.raises(TypeError):
        env.globals["data_version"] = "x"  # type: ignore[index]


def test_the_templates_call_what_they_call_as_jinja_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """templating.Context.call takes a shorter way for a plain macro, function or method: every kind of
    callable, marked or not, in a loop, a block and a {% call %}, gives what Jinja's own environment gives."""

    class Counter:
        def __init__(self) -> None:
            self.n = 0

        def next(self, step: int = 1) -> int:
            self.n += step
            return self.n

        @jinja2.pass_context
        def marked(self, context: jinja2.runtime.Context) -> str:
            return f"marked {len(context['items'])}"

        def __call__(self, text: str) -> str:
            return f"object {text}"

    def stop() -> None:
        raise StopIteration

    def own() -> str:
        return "unmarked"

    own.__call__ = jinja2.pass_context(lambda context: f"own {len(context['items'])}")  # type: ignore[method-assign]

    source = (
        "{% macro m(x) %}<{{ x }}>{% if caller %}{{ caller() }}{% endif %}{% endmacro %}"
        "{% for i in items %}{{ m(i) }} {{ f(i) }} {{ ctx() }} {{ env_f() }} {{ eval_f() }} {{ c.next(step=i) }} "
        "{{ c.marked() }} {{ c('<b>') }} {{ len(items) }} {{ stop() }}|{% endfor %}"
        "{% set x %}{{ m('<i>') }}{% endset %}{{ x }}{% call m(4) %}inner {{ f('&') }}{% endcall %}"
        "{% block b %}{{ ctx() }}{{ m(5) }}{% endblock %}"
        "{% autoescape false %}{{ m('<u>') }}{% call m('<s>') %}{{ '<q>' }}{% endcall %}"
        "{{ (m('<u>') + '<i>')|e }}{% endautoescape %}"  # Markup (escaping '<i>' when added) only where autoescaped
        "{% macro n(x, y='d') %}[{{ x }} {{ y }}]{% endmacro %}{% macro v() %}{{ varargs }}{{ kwargs }}{% endmacro %}"
        "{{ n('<1>', 2) }}{{ n(1) }}{{ n(x=1, y=3) }}{{ v(1, a=2) }}{{ n('<u>') + '<i>' }}"
        "{% autoescape false %}{{ (n('<u>', 2) + '<i>')|e }}{% endautoescape %}"
        "{% macro first(x) %}a{{ x|first_of }}b{% endmacro %}({{ first([]) }}{{ first([7]) }}) {{ own() }}"
    )
    values = {
        "items": [1, 2],
        "f": lambda v: f"f {v}",
        "ctx": jinja2.pass_context(lambda context: f"ctx {context['f']('x')}"),
        "env_f": jinja2.pass_environment(lambda env: type(env).__name__.startswith("Environment")),
        "eval_f": jinja2.pass_eval_context(lambda ctx: ctx.autoescape),
        "len": len,
        "stop": stop,
        "own": own,
    }

    def rendered(env: jinja2.Environment) -> str:
        env.filters["first_of"] = lambda v: next(iter(v))  # StopIteration in a macro: the macro is undefined
        return env.from_string(source).render(values, c=Counter())

    theirs = rendered(jinja2.Environment(autoescape=True))
    assert "ctx f x True True 3 marked 2 object &lt;b&gt; 2 |" in theirs and "<4>inner f &amp;" in theirs
    assert "&lt;&amp;lt;u&amp;gt;&gt;&lt;i&gt;" in theirs and "[&lt;1&gt; 2][1 d][1 3](1,){&#39;a&#39;: 2}" in theirs
    assert "[&lt;u&gt; d]&lt;i&gt;[&amp;lt;u&amp;gt; 2]" in theirs and "(a7b) own 2" in theirs
    assert rendered(templating.Environment(autoescape=True)) == theirs

    def jinja_call(*args: object, **kwargs: object) -> object:
        raise AssertionError("a plain callable went Jinja's way")

    monkeypatch.setattr(jinja2.runtime.Context, "call", jinja_call)  # the shorter way is taken
    plain = templating.Environment(autoescape=True).from_string(
        "{% macro m(x) %}{{ x }}{% endmacro %}{{ f(1) }}{{ m(2) }}{{ g(3) }}{{ c.next(4) }}"
        "{% block five %}5{% endblock %}{{ self.five() }}"
    )
    assert plain.render(f=lambda v: f"{v}", g="{}".format, c=Counter()) == "123455"
