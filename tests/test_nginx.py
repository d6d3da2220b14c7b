"""`build.py nginx`: Debian's nginx (a child process on 127.0.0.1, tests/nginxd.py) serving the fixture site,
built with --precompress, through the server block the command prints: what a reader's browser gets."""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import nginxd
import pytest
from factory import apply_edit, build_fixture

import build
from disclosure.config import Config

SITE_URL = "https://shili.example.gov.cn"
IMMUTABLE = "public, max-age=31536000, immutable"
# Without nginx the tests cannot run; on CI (.ci/run installs it) its absence is a failure, not a skip.
pytestmark = pytest.mark.skipif(not nginxd.available() and not os.environ.get("CI"), reason="nginx not installed")


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str, **headers: str) -> Answer:
    """One request, as sent: no redirect followed, no decompression."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity", **headers})
    try:
        with OPENER.open(request, timeout=10) as r:
            return Answer(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    """(base URL, the built site, the server block) with nginx running on it."""
    base = tmp_path_factory.mktemp("nginx")
    config = Config(site_url=SITE_URL, precompress=True)
    project, site, _ = build_fixture(base, config=config, with_search=True)
    port = nginxd.free_port()
    out = base / "block.conf"
    with open(out, "w", encoding="utf-8") as f, contextlib.redirect_stdout(f):
        brotli_flag = [] if nginxd.has_brotli() else ["--no-brotli"]
        listen = ["--listen", f"127.0.0.1:{port}", "--site-url", SITE_URL]
        code = build.main(["nginx", "--root", str(project), "--out", str(site), *listen, *brotli_flag])
    assert code == 0
    block = out.read_text("utf-8")
    with nginxd.nginx(block, base / "nginx", port) as url:
        yield url, site, block


def sitemap_paths(site: Path) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)
    return [urlsplit(loc.text or "").path for loc in locs]


SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "strict-transport-security": "max-age=31536000",
}


def assert_secure(answer: Answer, where: str) -> None:
    csp = answer.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, where
    for name, value in SECURITY.items():
        assert answer.headers.get(name) == value, (where, name)
    assert "camera=()" in answer.headers.get("permissions-policy", ""), where


def test_every_page_of_the_sitemap_answers_with_the_headers(served: tuple[str, Path, str]) -> None:
    url, site, _ = served
    paths = sitemap_paths(site)
    assert len(paths) > 50
    for path in paths:
        answer = get(url + path)
        assert answer.status == 200, path
        assert answer.headers["content-type"] == "text/html; charset=utf-8", path
        assert answer.headers["cache-control"] == "no-cache", path
        assert answer.body == (site / path.lstrip("/") / "index.html").read_bytes(), path
        assert_secure(answer, path)


def test_an_unknown_path_gets_the_sites_404_page(served: tuple[str, Path, str]) -> None:
    url, site, _ = served
    answer = get(url + "/2024/tasks/no-such-task/")
    assert answer.status == 404
    assert answer.body == (site / "404.html").read_bytes()
    assert_secure(answer, "404")
    assert get(url + "/.disclosure-site").status == 404  # the build's marker is not served
    for folder in ("/static/", "/feeds/", "/data/2024/"):  # a folder without index.html: the site's 404, not a 403
        answer = get(url + folder)
        assert answer.status == 404 and answer.body == (site / "404.html").read_bytes(), folder


def test_a_former_slug_answers_301_to_its_page_now(served: tuple[str, Path, str]) -> None:
    url, _, block = served
    answer = get(url + "/departments/construction/")
    assert answer.status == 301
    assert answer.headers["location"] == "/departments/housing-construction/"
    assert get(url + answer.headers["location"]).status == 200
    assert_secure(answer, "301")
    assert "location = /departments/construction/ {\n        return 301 /departments/housing-construction/;" in block


def test_gzip_and_brotli_copies_are_sent_to_who_accepts_them(served: tuple[str, Path, str]) -> None:
    url, site, _ = served
    for path, file in (
        ("/", "index.html"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/data/datapackage.json", "data/datapackage.json"),
    ):
        raw = (site / file).read_bytes()
        zipped = get(url + path, **{"Accept-Encoding": "gzip"})
        assert zipped.headers.get("content-encoding") == "gzip", path
        assert zipped.headers.get("vary") == "Accept-Encoding", path
        assert zipped.body == (site / f"{file}.gz").read_bytes() and gzip.decompress(zipped.body) == raw, path
        assert get(url + path).body == raw  # and the file itself to who does not
        if nginxd.has_brotli():
            br = get(url + path, **{"Accept-Encoding": "br, gzip"})
            assert br.headers.get("content-encoding") == "br", path
            assert brotli.decompress(br.body) == raw, path


def test_fingerprinted_assets_are_immutable_and_typed(served: tuple[str, Path, str]) -> None:
    url, site, _ = served
    home = (site / "index.html").read_text("utf-8")
    css = re.search(r'href="(/static/style\.[0-9a-f]{10}\.css)"', home)
    js = re.search(r'src="(/static/care\.[0-9a-f]{10}\.js)"', home)
    assert css and js
    for path, kind in ((css[1], "text/css; charset=utf-8"), (js[1], "application/javascript; charset=utf-8")):
        answer = get(url + path)
        assert answer.status == 200 and answer.headers["content-type"] == kind
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert answer.body == (site / path.lstrip("/")).read_bytes()
        assert_secure(answer, path)
    plain = get(url + "/static/style.css")  # the plain name too, for a page a browser kept: revalidated
    assert plain.status == 200 and plain.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("suffix", "kind"),
    [
        (".pf_meta", "application/octet-stream"),
        (".pf_fragment", "application/octet-stream"),
        (".pagefind", "application/octet-stream"),
        (".xml", "application/xml; charset=utf-8"),
        (".csv", "text/csv; charset=utf-8"),
        (".json", "application/json; charset=utf-8"),
        (".js", "application/javascript; charset=utf-8"),
    ],
)
def test_each_kind_of_file_has_its_type(served: tuple[str, Path, str], suffix: str, kind: str) -> None:
    url, site, _ = served
    file = next(p for p in sorted(site.rglob(f"*{suffix}")) if p.is_file())
    answer = get(url + "/" + file.relative_to(site).as_posix())
    assert answer.status == 200 and answer.headers["content-type"] == kind


def test_wasm_is_typed(served: tuple[str, Path, str]) -> None:
    assert "application/wasm wasm;" in served[2]  # Pagefind 1.5 ships its WebAssembly gzipped as .pagefind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--listen", "8080; include /etc/passwd"], "不是监听地址"),
        (["--listen", "99999"], "不是监听地址"),
        ([], "请用 --listen"),
    ],
)
def test_a_bad_listen_address_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    project, site, _ = build_fixture(tmp_path, config=Config(site_url=SITE_URL))
    assert build.main(["nginx", "--root", str(project), "--out", str(site), *args]) == 1
    assert message in capsys.readouterr().err


def test_a_folder_that_is_not_a_built_site_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, _, _ = build_fixture(tmp_path, config=Config(site_url=SITE_URL))
    assert build.main(["nginx", "--root", str(project), "--out", str(tmp_path), "--listen", "8080"]) == 1
    assert "不是构建好的网站" in capsys.readouterr().err


CSP_WATCH = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation',"
    " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def test_search_care_mode_and_citation_work_under_the_header_csp(
    served: tuple[str, Path, str], browser: object
) -> None:
    """In Chromium, served by nginx with the CSP as a header (and the <meta>): search finds, 长者模式 turns on,
    the citation is copied, and no violation is reported on any of the pages."""
    url, _, _ = served
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.add_init_script(CSP_WATCH)
    try:
        answer = page.goto(f"{url}/search/?q=地区生产总值")
        assert answer is not None and "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        page.wait_for_function("() => document.querySelectorAll('#search-results > li a').length > 0", timeout=20000)
        hrefs = page.eval_on_selector_all("#search-results > li a", "links => links.map((a) => a.getAttribute('href'))")
        assert "/2024/tasks/1/" in hrefs
        assert page.evaluate("window.__csp") == []

        page.goto(f"{url}/2024/tasks/1/")
        page.locator("#care-toggle").click()
        assert page.evaluate("document.documentElement.classList.contains('care')")
        page.locator("button.copy-cite").click()
        cite = page.locator("#cite-text").inner_text()
        assert "地区生产总值增长5.5%左右" in cite and page.evaluate("navigator.clipboard.readText()") == cite
        assert page.evaluate("window.__csp") == []
        page.reload()  # 长者模式 is remembered, still without a violation
        assert page.evaluate("document.documentElement.classList.contains('care')")
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
    assert errors == []


def test_a_rebuild_takes_unchanged_copies_and_never_writes_through_the_last_sites(tmp_path: Path) -> None:
    """A rebuild links the last site's .gz and .br of every file whose bytes did not change, compresses the
    files that did, into new files: the site still being served is never written to."""
    config = Config(site_url=SITE_URL, precompress=True)
    project, site, first = build_fixture(tmp_path, config=config, with_search=True)
    assert first.compressed["reused"] == 0 and first.compressed["files"] > 100
    task, home = site / "2024/tasks/1/index.html", site / "index.html"
    kept = {p: (p.stat().st_ino, p.read_bytes()) for p in (Path(f"{task}.gz"), Path(f"{home}.br"))}
    links = {p: tmp_path / f"kept-{n}" for n, p in enumerate(kept)}
    for p, link in links.items():
        os.link(p, link)  # the last site's files, as a server still has them open
    apply_edit(project / "data/2024/tasks.yaml", ("地区生产总值增长5.5%左右。", "地区生产总值增长6%左右。"))
    from disclosure.build.pipeline import build as build_site

    again = build_site(project, site, config, with_search=True)
    assert 0 < again.compressed["reused"] < again.compressed["files"]
    for p, link in links.items():
        assert link.read_bytes() == kept[p][1]  # the old copies as they were
    assert gzip.decompress(Path(f"{task}.gz").read_bytes()) == task.read_bytes()  # the changed page: new copy
    assert Path(f"{task}.gz").stat().st_ino != kept[Path(f"{task}.gz")][0]
    assert Path(f"{home}.br").stat().st_ino == kept[Path(f"{home}.br")][0]  # the unchanged home page: linked
    assert brotli.decompress(Path(f"{home}.br").read_bytes()) == home.read_bytes()


def test_a_site_under_a_base_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Under /jx/ the site's folder stands for that path (alias): pages, assets, the 404 and the 301 too."""
    config = Config(site_url=SITE_URL, base_path="/jx/", precompress=True)
    project, site, _ = build_fixture(tmp_path, config=config)
    port = nginxd.free_port()
    args = ["--listen", f"127.0.0.1:{port}", "--site-url", SITE_URL, "--base-path", "/jx/", "--no-brotli"]
    assert build.main(["nginx", "--root", str(project), "--out", str(site), *args]) == 0
    block = capsys.readouterr().out
    assert "alias " in block and "location /jx/ {" in block
    prefix = tmp_path / "nginx"
    (prefix / "html").mkdir(parents=True)
    (prefix / "html/index.html").write_text("nginx's own page", "utf-8")  # as /usr/share/nginx/html has
    with nginxd.nginx(block, prefix, port) as url:
        assert get(url + "/jx/").body == (site / "index.html").read_bytes()
        bare = get(url + "/jx")
        assert bare.status == 301 and bare.headers["location"] == "/jx/"
        css = re.search(r'href="/jx/(static/style\.[0-9a-f]{10}\.css)"', (site / "index.html").read_text("utf-8"))
        assert css
        asset = get(f"{url}/jx/{css[1]}", **{"Accept-Encoding": "gzip"})
        assert asset.headers["cache-control"] == IMMUTABLE and asset.headers["content-encoding"] == "gzip"
        assert gzip.decompress(asset.body) == (site / css[1]).read_bytes()
        missing = get(url + "/jx/nothing-here/")
        assert missing.status == 404 and missing.body == (site / "404.html").read_bytes()
        moved = get(url + "/jx/departments/construction/")
        assert moved.status == 301 and moved.headers["location"] == "/jx/departments/housing-construction/"
        outside = get(url + "/")  # nothing outside the base path, nginx's own html/ neither
        assert outside.status == 404 and outside.body == (site / "404.html").read_bytes()
        assert_secure(outside, "/")


def test_the_block_names_the_servers_folder_and_the_sites_base_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--server-root: the folder on the server (DEST/current of a deploy to a host); a site built for another
    base path than the block's is refused."""
    project, site, _ = build_fixture(tmp_path, config=Config(site_url=SITE_URL))
    args = ["nginx", "--root", str(project), "--out", str(site), "--listen", "80", "--site-url", SITE_URL]
    assert build.main([*args, "--server-root", "/srv/disclosure/current"]) == 0
    assert "root /srv/disclosure/current;" in capsys.readouterr().out
    assert build.main([*args, "--server-root", "srv/current"]) == 1
    assert "不是绝对路径" in capsys.readouterr().err
    assert build.main([*args, "--base-path", "/jx/"]) == 1
    assert "不是按根路径 /jx/ 构建的" in capsys.readouterr().err
    assert build.main([*args, "--server-root", "/srv/my site"]) == 1  # never quoted into something else
    assert "nginx 配置里不能直接写的字符" in capsys.readouterr().err
