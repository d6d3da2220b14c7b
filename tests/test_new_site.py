"""`build.py new`: a new city's site is written, builds, passes `check`, says on every page that it is
example data, names no Jiaxing place, and takes its own templates over the default theme file by file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from disclosure.build.pipeline import build
from disclosure.build.templating import fingerprinted
from disclosure.errors import BuildError, DataError
from disclosure.model import Site
from disclosure.source import load, validate
from disclosure.source.load import Map

ROOT = Path(__file__).resolve().parent.parent
NEW = ["--city", "示例市", "--publisher", "示例市人民政府办公室", "--site-url", "https://shili.example.gov.cn/"]
BANNER = "本站目前是示例数据,不是真实的政府文件。"
AUTHOR = "build.py new <build-py-new@example.invalid>"


# The names no file of another city's site may hold: the example site's city, its document number's prefix,
# its short name's phrase and its areas (data/areas.yaml there; 其他, "the rest", is a word, not a place).
JIAXING = ["嘉兴", "嘉政", "驻嘉", "南湖", "秀洲", "嘉善", "平湖", "海盐", "海宁", "桐乡", "乍浦", "嘉兴港区"]


def jiaxing_places() -> list[str]:
    return JIAXING


def no_git_config(home: Path) -> dict[str, str]:
    """An environment in which git knows no user (a fresh machine): no global or system configuration."""
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / "none"), "GIT_CONFIG_NOSYSTEM": "1"}


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True, text=True, env=env, cwd=ROOT
    )


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new city's site, written by `build.py new` on a machine where git knows no user."""
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("sites") / "shili"
    done = run("new", path, *NEW, env=no_git_config(home))
    assert done.returncode == 0, done.stderr
    assert f"新网站已写入 {path}/" in done.stdout
    assert list(home.iterdir()) == []  # no configuration saved anywhere
    return path


@pytest.fixture(scope="module")
def built_site(new_site: Path) -> Path:
    """The new site built as its README says: `build.py --root PATH`, into PATH/site/."""
    done = run("--root", new_site)
    assert done.returncode == 0, done.stderr
    assert "搜索索引:" in done.stdout
    return new_site / "site"


def year_of(site: Path) -> str:
    (year,) = (p.name for p in (site / "data").iterdir() if p.is_dir())
    return year


def test_the_new_site_has_every_file_and_one_commit(new_site: Path) -> None:
    year = year_of(new_site)
    files = sorted(p.relative_to(new_site).as_posix() for p in new_site.rglob("*") if ".git" not in p.parts)
    files = [f for f in files if (new_site / f).is_file()]
    assert files == [
        ".gitignore",
        "README.md",
        f"content/{year}/notice.md",
        f"content/{year}/source.md",
        "content/index.md",
        f"data/{year}/document.yaml",
        f"data/{year}/livelihood.yaml",
        f"data/{year}/source.txt",
        f"data/{year}/tasks.yaml",
        "data/areas.yaml",
        "data/units.yaml",
        "site.yaml",
    ]
    assert git(new_site, "rev-list", "--count", "HEAD") == "1\n"
    assert git(new_site, "log", "--format=%an <%ae>") == AUTHOR + "\n"  # nobody configured: the fixed author
    assert sorted(git(new_site, "ls-files").split()) == files  # everything committed
    readme = (new_site / "README.md").read_text("utf-8")
    for command in ("--root", "check --root", "serve --root"):
        assert f"python build.py {command} {new_site}" in readme


def test_the_example_edition_is_small_and_marked_in_the_data(new_site: Path) -> None:
    site = validate.build_site(load.read_sources(new_site))
    (edition,) = site.editions
    assert edition.document.example and site.example
    assert 3 <= len(edition.tasks) <= 5 and len(edition.items) == 2
    assert "example: true\n" in (new_site / f"data/{edition.year}/document.yaml").read_text("utf-8")
    assert site.warnings == ()


def test_the_new_site_builds_into_its_site_folder_and_passes_check(new_site: Path, built_site: Path) -> None:
    assert (built_site / "index.html").is_file() and (built_site / "pagefind").is_dir()
    done = run("check", "--root", new_site)
    assert done.returncode == 0, done.stderr
    assert "更早的提交都是示例数据(example: true),还没有发布过内容" in done.stdout
    assert git(new_site, "status", "--porcelain", "--ignored=no") == ""  # site/ is ignored, nothing else new


def test_every_page_says_it_is_example_data(built_site: Path) -> None:
    year = year_of(built_site.parent)
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    assert [p for p in pages if BANNER not in p.read_text("utf-8")] == []
    edition = [p for p in pages if p.relative_to(built_site).parts[0] == year]
    assert len(edition) == 4 + 2 + 5  # tasks, items, and notice, source, checks, task and project indexes
    says = f"本页的{year}年文件及其全部数字都是编造的示例。"
    assert [p for p in edition if says not in p.read_text("utf-8")] == []
    others = [p.relative_to(built_site).as_posix() for p in pages if p not in edition and says in p.read_text("utf-8")]
    assert others == ["index.html"]  # the one that shows the latest edition's figures (/districts/ shows every year)


def test_a_site_of_real_documents_has_no_banner(fixture_model: Site, fixture_site: Path) -> None:
    assert not fixture_model.example
    pages = sorted(fixture_site.rglob("*.html"))
    assert pages and [p for p in pages if BANNER in p.read_text("utf-8")] == []


def test_no_file_the_scaffold_writes_names_a_jiaxing_place(new_site: Path) -> None:
    places = jiaxing_places()
    for path in sorted(p for p in new_site.rglob("*") if p.is_file() and ".git" not in p.parts):
        if path.relative_to(new_site).parts[0] != "site":
            text = path.read_text("utf-8")
            assert [name for name in places if name in text] == [], path
    scaffold = ROOT / "disclosure/tools/new_site"
    for path in sorted(p for p in scaffold.rglob("*") if p.is_file()):
        assert [name for name in places if name in path.read_text("utf-8")] == [], path


def test_no_built_page_or_data_file_names_a_jiaxing_place(built_site: Path) -> None:
    places = jiaxing_places()
    found = {
        path.relative_to(built_site).as_posix(): [name for name in places if name in path.read_text("utf-8")]
        for path in sorted(built_site.rglob("*"))
        if path.is_file() and path.relative_to(built_site).parts[0] != "pagefind"  # compressed: its pages are here
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_the_site_yaml_written_has_the_example_site_yaml_s_fields(new_site: Path) -> None:
    """The scaffold's site.yaml follows the format of the repository's own (read by the same strict loader)."""

    def fields(value: object) -> object:
        return {str(k): fields(v) for k, v in value.items()} if isinstance(value, Map) else None

    ours = load.parse_yaml((new_site / "site.yaml").read_text("utf-8"), "site.yaml")
    theirs = load.parse_yaml((ROOT / "site.yaml").read_text("utf-8"), "site.yaml")
    assert fields(ours) == fields(theirs)
    assert isinstance(ours, Map)
    assert ours["name"] == "示例市政府重点工作和民生实事责任公开" and ours["city_short"] == "示"
    assert ours["site_url"] == "https://shili.example.gov.cn/" and ours["publisher"] == "示例市人民政府办公室"


@pytest.fixture
def own_copy(new_site: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the new site that a test may change."""
    copy = tmp_path / "shili"
    shutil.copytree(new_site, copy, ignore=shutil.ignore_patterns("site"))
    yield copy


def test_a_template_in_the_site_s_templates_overrides_the_default_theme(own_copy: Path, tmp_path: Path) -> None:
    footer = (ROOT / "templates/_footer.html").read_text("utf-8")
    assert footer.count("</footer>") == 1
    (own_copy / "templates/static").mkdir(parents=True)
    (own_copy / "templates/_footer.html").write_text(
        footer.replace("</footer>", '<p class="own">本市自己的页脚</p></footer>'), "utf-8"
    )
    (own_copy / "templates/static/style.css").write_text("body { color: black; }\n", "utf-8")
    (own_copy / "templates/static/own.txt").write_text("ours\n", "utf-8")
    out = tmp_path / "out"
    build(own_copy, out, with_search=False)
    pages = sorted(out.rglob("*.html"))
    assert [p for p in pages if '<p class="own">本市自己的页脚</p>' not in p.read_text("utf-8")] == []
    assert (out / "static/style.css").read_text("utf-8") == "body { color: black; }\n"
    assert (out / "static/own.txt").read_text("utf-8") == "ours\n"
    default = sorted(p.name for p in (ROOT / "templates/static").iterdir())  # the rest: the default theme's
    own = {"style.css": b"body { color: black; }\n", "own.txt": b"ours\n"}
    theme = ROOT / "templates/static"
    contents = {name: own.get(name) or (theme / name).read_bytes() for name in [*default, "own.txt"]}
    stamped = [fingerprinted(f"static/{name}", content).removeprefix("static/") for name, content in contents.items()]
    assert sorted(p.name for p in (out / "static").iterdir()) == sorted([*contents, *stamped])  # and fingerprinted
    home = (out / "index.html").read_text("utf-8")
    assert f'href="/{fingerprinted("static/style.css", own["style.css"])}"' in home  # the site's own style
    for name in default:
        if name != "style.css":
            assert (out / "static" / name).read_bytes() == (ROOT / "templates/static" / name).read_bytes()


def test_a_template_error_in_the_site_s_own_template_names_it(own_copy: Path, tmp_path: Path) -> None:
    (own_copy / "templates").mkdir()
    (own_copy / "templates/home.html").write_text('{% extends "base.html" %}\n{% block main %}{{ nope }}{% endblock %}')
    with pytest.raises(BuildError, match=r"^templates/home.html:2: UndefinedError: 'nope' is undefined"):
        build(own_copy, tmp_path / "out", with_search=False)


def test_a_link_in_the_site_s_templates_is_refused_not_followed(own_copy: Path, tmp_path: Path) -> None:
    (own_copy / "templates/static").mkdir(parents=True)
    (own_copy / "templates/static/style.css").symlink_to("/etc/passwd")
    with pytest.raises(DataError, match=r"^templates/static/style.css:这是一个符号链接\(指向 /etc/passwd\)"):
        build(own_copy, tmp_path / "out", with_search=False)


def test_example_is_true_or_false(own_copy: Path) -> None:
    document = own_copy / f"data/{year_of(own_copy)}/document.yaml"
    document.write_text(document.read_text("utf-8").replace("example: true\n", "example: yes\n"), "utf-8")
    with pytest.raises(DataError) as error:
        validate.build_site(load.read_sources(own_copy))
    year = year_of(own_copy)
    assert str(error.value) == (
        f"data/{year}/document.yaml:3:10:{year}年版 document.yaml的示例数据标记是“yes”,应为以下之一:true、false。"
    )


def test_a_path_that_exists_and_is_not_empty_is_refused(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine\n", "utf-8")
    done = run("new", taken, *NEW)
    assert done.returncode == 1
    assert done.stderr == f"没有建立新网站:{taken} 已经存在,而且不是空文件夹:请指定一个新的(或空的)文件夹。\n"
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]
    assert run("new", taken / "notes.txt", *NEW).returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # no staging folder left


def test_an_empty_folder_is_used_and_a_configured_git_user_is_kept(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home/gitconfig").write_text("[user]\n\tname = 编辑\n\temail = editor@example.org\n", "utf-8")
    env = {**no_git_config(tmp_path / "home"), "GIT_CONFIG_GLOBAL": str(tmp_path / "home/gitconfig")}
    (tmp_path / "empty").mkdir()
    done = run("new", tmp_path / "empty", *NEW, "--short", "例", env=env)
    assert done.returncode == 0, done.stderr
    assert git(tmp_path / "empty", "log", "--format=%an <%ae>") == "编辑 <editor@example.org>\n"
    assert "city_short: 例\n" in (tmp_path / "empty/site.yaml").read_text("utf-8")
    assert "central-agency: 驻例中央和省属单位\n" in (tmp_path / "empty/site.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--city", "示例 市", "--city 的值“示例 市”不是名称:名称只能由文字和数字组成,例如 示例市。"),
        ("--city", "示例市\u202e", "--city 的值里有一个看不见的字符 U+202E"),
        ("--publisher", "#示例", "--publisher 的值“#示例”不是名称:名称只能由文字和数字组成,例如 示例市。"),
        ("--site-url", "shili.example.gov.cn", "--site-url 的值“shili.example.gov.cn”不是网站地址"),
        ("--site-url", "ftp://shili.example/", "--site-url 的值“ftp://shili.example/”不是网站地址"),
        ("--site-url", "http://127.0.0.1:8000/", "--site-url 的值“http://127.0.0.1:8000/”是本机回环地址"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_written(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    args = NEW.copy()
    args[args.index(option) + 1] = value
    done = run("new", tmp_path / "shili", *args)
    assert done.returncode == 1
    assert done.stderr.startswith(f"没有建立新网站:{message}")
    assert list(tmp_path.iterdir()) == []


def test_changes_compares_a_new_site_with_its_last_commit_and_the_one_before(own_copy: Path) -> None:
    """A new site has no templates/ of its own: `changes` reads only what the revision holds. An edit not yet
    committed (here content/ only) is compared with HEAD; once committed, with the commit before."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    index = own_copy / "content/index.md"
    index.write_text(index.read_text("utf-8") + "\n又一段介绍。\n", "utf-8")
    done = run("changes", "--root", own_copy, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## 与 HEAD 相比的页面变化\n"), done.stdout
    assert "\n- `/`\n" in done.stdout  # the home page shows content/index.md
    subprocess.run(["git", "-C", str(own_copy), "commit", "-qam", "intro"], check=True, env=env)
    done = run("changes", "--root", own_copy, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## 与 HEAD~1 相比的页面变化\n"), done.stdout
    assert "\n- `/`\n" in done.stdout


def test_a_template_no_page_uses_is_reported_and_an_included_one_is_not(own_copy: Path, tmp_path: Path) -> None:
    """A misspelt override (hom.html for home.html) is an error naming it, not a file silently ignored; a
    partial that the site's own home.html includes is used."""
    (own_copy / "templates").mkdir()
    (own_copy / "templates/hom.html").write_text('{% extends "base.html" %}\n', "utf-8")
    done = run("--root", own_copy, "--out", tmp_path / "a", "--no-search")
    assert done.returncode == 1
    assert done.stderr.splitlines()[1:] == [
        "templates/hom.html:没有页面用到这个模板:它的名字要与它替换的默认模板相同(例如 home.html、task.html、"
        "_footer.html),或者被另一个模板继承、包含或导入。"
    ]
    (own_copy / "templates/hom.html").rename(own_copy / "templates/_ours.html")
    home = (ROOT / "templates/home.html").read_text("utf-8")
    ours = home.replace("{% block main %}", '{% block main %}{% include "_ours.html" %}', 1)
    (own_copy / "templates/home.html").write_text(ours, "utf-8")
    (own_copy / "templates/_ours.html").write_text("<p>本站自己的说明。</p>\n", "utf-8")
    done = run("--root", own_copy, "--out", tmp_path / "b", "--no-search")
    assert done.returncode == 0, done.stderr
    assert "<p>本站自己的说明。</p>" in (tmp_path / "b/index.html").read_text("utf-8")


def test_the_open_data_of_an_example_site_says_so_first(built_site: Path) -> None:
    package = json.loads((built_site / "data/datapackage.json").read_text("utf-8"))
    assert package["description"].startswith("本站目前是示例数据,不是真实的政府文件。")


def test_example_data_is_never_published_so_replacing_it_deletes_nothing(own_copy: Path) -> None:
    """The example edition's records were never published (every page said so): the real data replaces them
    freely. From the first commit that marks no edition as example, the site is published, and a record
    deleted after that is refused as in any site."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    year = year_of(own_copy)
    tasks = own_copy / f"data/{year}/tasks.yaml"
    example = tasks.read_text("utf-8")
    tasks.write_text(example.split("\n- no: 3\n")[0] + "\n", "utf-8")  # the real document: two tasks
    subprocess.run(["git", "-C", str(own_copy), "commit", "-qam", "the real tasks"], check=True, env=env)
    done = run("check", "--root", own_copy)
    assert done.returncode == 0, done.stderr
    document = own_copy / f"data/{year}/document.yaml"
    document.write_text(document.read_text("utf-8").replace("example: true\n", ""), "utf-8")
    subprocess.run(["git", "-C", str(own_copy), "commit", "-qam", "published"], check=True, env=env)
    done = run("check", "--root", own_copy)
    assert done.returncode == 0, done.stderr
    assert "已与 data/ 到 HEAD 为止的 1 个提交比较" in done.stdout  # the first published one
    tasks.write_text(example.split("\n- no: 2\n")[0] + "\n", "utf-8")  # task 2, published, deleted
    done = run("check", "--root", own_copy)
    assert done.returncode == 1
    assert "task 2" in done.stderr and "withdrawn" in done.stderr, done.stderr
