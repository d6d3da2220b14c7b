"""`build.py new PATH`: a complete new site for another city, with one small edition of example data.

The files are the templates of new_site/ rendered with the city's names; folders named YEAR become the
edition's year and gitignore becomes .gitignore. The site is written into a temporary sibling of PATH,
validated as a build would validate it, given a git repository with one commit and only then renamed to
PATH: a failure leaves nothing behind. The new site has no templates/ of its own; the generator's
templates are its default theme, and a file of the same name in its templates/ replaces one of them.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from disclosure.chars import INVISIBLE, label
from disclosure.config import loopback
from disclosure.errors import BuildError, DataError
from disclosure.source import inputs, load, validate

TEMPLATE = Path(__file__).resolve().parent / "new_site"
GENERATOR = Path(__file__).resolve().parent.parent.parent  # the folder holding build.py and templates/
# A name is written into YAML and Markdown as it is: letters (Chinese included), digits and the brackets
# and enumeration commas of official names, so no quoting, markup or YAML indicator can arise from it.
NAME = re.compile(r"(?:[^\W_]|[()()、·])+")
HOST_LABEL = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
AUTHOR = {"user.name": "build.py new", "user.email": "build-py-new@example.invalid"}


@dataclass(frozen=True)
class NewSite:
    """What a new site is made from: the values its files are rendered with."""

    city: str  # 示例市
    publisher: str  # 示例市人民政府办公室
    site_url: str  # https://shili.example.gov.cn/
    short: str  # 示
    year: int

    @property
    def name(self) -> str:
        return f"{self.city}政府重点工作和民生实事责任公开"

    @property
    def package_id(self) -> str:
        """The data package's id, from the site's host (shili.example.gov.cn -> shili-key-tasks-…)."""
        host = (urlsplit(self.site_url).hostname or "").removeprefix("www.")
        first = host.split(".")[0]
        prefix = f"{first}-" if HOST_LABEL.fullmatch(first) and not first.startswith("xn--") else ""
        return f"{prefix}key-tasks-and-livelihood-projects"


def main(argv: list[str]) -> int:
    """Run `build.py new` with argv (after the word new)."""
    parser = argparse.ArgumentParser(
        prog="build.py new",
        description="Write a new site folder (site.yaml, registries, one example edition, content/, a git repository).",
    )
    parser.add_argument("path", type=Path, help="the folder to create; it must not exist, or be empty")
    parser.add_argument("--city", required=True, help="the city, as the site names it: 示例市")
    parser.add_argument("--publisher", required=True, help="who publishes the documents: 示例市人民政府办公室")
    parser.add_argument("--site-url", required=True, help="the address it will be published at: https://…/")
    parser.add_argument("--short", help="the city's one-character short name (default: its first character)")
    parser.add_argument("--year", type=int, default=date.today().year, help="the example edition's year")
    args = parser.parse_args(argv)
    try:
        site = new_site(args.city, args.publisher, args.site_url, args.short, args.year)
        commit = create(args.path, site)
    except BuildError as e:
        print(f"没有建立新网站:{e}", file=sys.stderr)
        return 1
    print(
        f"新网站已写入 {args.path}/(第一次提交 {commit}),里面是示例数据,请换成你们自己的。\n"
        f"先编辑 site.yaml、data/ 和 content/(见其中的 README.md),然后这样构建:\n"
        f"  python {GENERATOR / 'build.py'} --root {args.path}"
    )
    return 0


def new_site(city: str, publisher: str, site_url: str, short: str | None, year: int) -> NewSite:
    """The values of a new site, or BuildError naming every argument that cannot be one."""
    problems = [p for p in (name_problem("--city", city), name_problem("--publisher", publisher)) if p]
    if short is not None and (p := name_problem("--short", short)):
        problems.append(p)
    short = city[:1] if short is None else short
    url = urlsplit(site_url)
    if url.scheme not in ("http", "https") or not url.hostname or url.query or url.fragment or "@" in url.netloc:
        problems.append(f"--site-url 的值“{site_url}”不是网站地址:应写作 https://shili.example.gov.cn/ 这样的形式。")
    elif INVISIBLE.search(site_url) or " " in site_url or not site_url.isascii():
        problems.append(
            f"--site-url 的值“{site_url}”里有看不见的字符、空格或非 ASCII 字符:地址只能用看得见的 ASCII 字符。"
        )
    elif loopback(url.hostname):
        problems.append(
            f"--site-url 的值“{site_url}”是本机回环地址,只有这台电脑能打开:这里要写网站将来正式发布的公开地址"
            "(不写也能用 `build.py serve` 在本机预览)。"
        )
    if not 1900 <= year <= 9999:
        problems.append(f"--year 的值“{year}”不是四位数的年份。")
    if problems:
        raise BuildError("".join(problems))
    return NewSite(city, publisher, site_url.rstrip("/") + "/", short, year)


def name_problem(option: str, value: str) -> str | None:
    """Why value cannot be a name written into the new site's files, or None."""
    if bad := INVISIBLE.search(value):
        return f"{option} 的值里有一个看不见的字符 {label(bad.group())}:只能用看得见的字符。"
    if not NAME.fullmatch(value):
        return f"{option} 的值“{value}”不是名称:名称只能由文字和数字组成,例如 示例市。"
    return None


def create(path: Path, site: NewSite) -> str:
    """Write the new site into path, validated and committed; its first commit's short hash."""
    if path.is_symlink() or (path.exists() and (not path.is_dir() or any(path.iterdir()))):
        raise BuildError(f"{path} 已经存在,而且不是空文件夹:请指定一个新的(或空的)文件夹。")
    stage = path.parent / f".{path.name}.new-{secrets.token_hex(4)}"  # mkdir, not mkdtemp: the umask's modes
    try:
        stage.mkdir(parents=True)
        write_files(stage, site, path.resolve())
        try:  # the example must build: a site that fails its first build is no start
            validate.build_site(load.read_sources(stage))
        except DataError as e:
            raise BuildError(f"新网站自带的示例数据没有通过检查(这是 build.py new 的错误):\n{e}") from None
        commit = first_commit(stage)
        if path.exists():
            path.rmdir()  # empty, as checked above
        stage.rename(path)
        return commit
    except OSError as e:
        raise BuildError(f"写不了 {e.filename or path}({inputs.reason(e)})。") from None
    finally:
        if stage.exists():
            shutil.rmtree(stage)


def write_files(into: Path, site: NewSite, root: Path) -> None:
    """Render every file of new_site/ with the site's values into the folder into (to become root)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, Markdown and text, not HTML; the names were checked to need no escaping
    )
    values = {
        "name": site.name,
        "city": site.city,
        "short": site.short,
        "publisher": site.publisher,
        "site_url": site.site_url,
        "package_id": site.package_id,
        "year": site.year,
        "root": root,
        "generator": GENERATOR,
    }
    for template in sorted(p for p in TEMPLATE.rglob("*") if p.is_file()):
        rel = template.relative_to(TEMPLATE)
        target = into.joinpath(*({"YEAR": str(site.year), "gitignore": ".gitignore"}.get(p, p) for p in rel.parts))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.get_template(rel.as_posix()).render(values), "utf-8")


def first_commit(repo: Path) -> str:
    """Make repo a git repository with all its files in one commit; the commit's short hash."""
    try:
        git(repo, "init", "--quiet")
        # Nobody configured in git (a fresh machine, CI): a fixed author for this one commit, never saved.
        author = [
            a
            for key, value in AUTHOR.items()
            if not git(repo, "config", key, check=False)
            for a in ("-c", f"{key}={value}")
        ]
        git(repo, "add", "--all")
        git(repo, *author, "commit", "--quiet", "--message", "New site from build.py new, with example data")
        return git(repo, "rev-parse", "--short", "HEAD")
    except FileNotFoundError:
        raise BuildError("没有安装 git:新网站要用 git 建立它的仓库,请先安装 git。") from None


def git(repo: Path, *args: str, check: bool = True) -> str:
    """Run git in repo; its output, stripped ("" when check is off and it fails)."""
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if done.returncode != 0:
        if check:
            raise BuildError(f"git {' '.join(args)} 运行失败:{done.stderr.strip()}")
        return ""
    return done.stdout.strip()
