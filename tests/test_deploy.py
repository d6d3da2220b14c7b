"""`build.py deploy DEST`: releases copied whole, checked, switched atomically, five kept, rolled back; over a
stand-in for ssh as to a host; and Debian's nginx answering a steady load while two deploys switch releases."""

from __future__ import annotations

import collections
import contextlib
import os
import stat
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import nginxd
import pytest
from factory import build_fixture

import build
from disclosure.config import Config
from disclosure.errors import BuildError
from disclosure.tools import deploy

SITE_URL = "https://shili.example.gov.cn"
TASK = "2024/tasks/1/index.html"


def built(base: Path, text: str | None = None) -> tuple[Path, Path]:
    """(project, site) of the fixture, its first 2024 task's text replaced when text is given."""
    edits = {"data/2024/tasks.yaml": ("地区生产总值增长5.5%左右。", text)} if text else None
    project, site, _ = build_fixture(base, edits, Config(site_url=SITE_URL))
    return project, site


def current(dest: Path) -> Path:
    return (dest / "current").resolve()


def run(*args: str) -> int:
    return build.main([*args])


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(project, site A, site B): the fixture and the fixture with one task's text changed."""
    base = tmp_path_factory.mktemp("versions")
    project, a = built(base / "a")
    _, b = built(base / "b", "地区生产总值增长6%左右。")
    assert (a / TASK).read_bytes() != (b / TASK).read_bytes()
    return project, a, b


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_deploy_is_a_whole_checked_release_and_current_points_at_it(
    versions: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, a, b = versions
    dest = tmp_path / "dest"
    assert run("deploy", str(dest), "--out", str(a)) == 0
    first = current(dest)
    assert first.parent == dest / "releases" and os.readlink(dest / "current") == f"releases/{first.name}"
    copied = files(first)
    assert copied.pop(deploy.MANIFEST).decode("utf-8") == deploy.manifest(a)
    assert copied == files(a)
    assert "已核对" in capsys.readouterr().out

    assert run("deploy", str(dest), "--out", str(a)) == 0  # the same site again: nothing to do
    assert "已经是这个版本" in capsys.readouterr().out and current(dest) == first

    later = copy_of(b, tmp_path / "b")  # written a minute after A: every file's time differs from A's
    for p in later.rglob("*"):
        os.utime(p, (p.stat().st_atime, p.stat().st_mtime + 60))
    assert run("deploy", str(dest), "--out", str(later)) == 0
    second = current(dest)
    assert second != first and (second / TASK).read_bytes() == (b / TASK).read_bytes()
    assert (second / "index.html").stat().st_ino == (first / "index.html").stat().st_ino  # same bytes: hard links
    assert (first / TASK).read_bytes() == (a / TASK).read_bytes()  # the previous release untouched

    capsys.readouterr()
    assert run("deploy", str(dest), "--rollback") == 0
    assert current(dest) == first and os.readlink(dest / "previous") == f"releases/{second.name}"
    assert run("deploy", str(dest), "--rollback") == 0  # a second rollback undoes the first
    assert current(dest) == second
    assert "再次回退会回到" in capsys.readouterr().out


def copy_of(site: Path, to: Path) -> Path:
    """A copy of a built site (its files only)."""
    for rel, content in files(site).items():
        (to / rel).parent.mkdir(parents=True, exist_ok=True)
        (to / rel).write_bytes(content)
    return to


def test_a_first_release_has_nothing_to_roll_back_to(versions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    deploy.deploy(versions[1], str(tmp_path / "dest"))
    with pytest.raises(BuildError, match="没有上一个版本可以回退"):
        deploy.rollback(str(tmp_path / "dest"))
    with pytest.raises(BuildError, match="还没有部署过"):
        deploy.rollback(str(tmp_path / "none"))


def test_the_release_rolled_back_to_survives_later_deploys(versions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Five releases, back to the good one (1), then a deploy: 1 is kept (it is what the new one replaced)
    and --rollback goes back to it, not to the bad release 5."""
    _, a, _ = versions
    dest = tmp_path / "dest"
    names = []
    for n in range(6):
        site = copy_of(a, tmp_path / f"site{n}")
        (site / "version.txt").write_text(f"{n}\n", "utf-8")
        if n == 5:  # release 5 was bad, and so were 2-4: the site is put back on 1 (as rollbacks would)
            deploy.switch(deploy.Shell(deploy.target(str(dest))), names[0], names[-1])
        deploy.deploy(site, str(dest))
        names.append(current(dest).name)
    assert (dest / "releases" / names[0]).is_dir()  # kept though six releases exist
    deploy.rollback(str(dest))
    assert current(dest).name == names[0]


def test_a_deploy_under_way_is_not_joined(versions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    (dest / deploy.LOCK).mkdir(parents=True)
    with pytest.raises(BuildError, match="另一个部署正在进行"):
        deploy.deploy(versions[1], str(dest))
    assert not (dest / "current").exists()
    (dest / deploy.LOCK).rmdir()
    deploy.deploy(versions[1], str(dest))
    assert not (dest / deploy.LOCK).exists()  # released after a deploy


def test_content_named_files_of_the_last_release_stay_reachable(
    versions: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A page kept from the last release asks for its fingerprinted style: the new release links it in."""
    _, a, _ = versions
    dest = tmp_path / "dest"
    deploy.deploy(a, str(dest))
    style = next(a.glob("static/style.??????????.css")).name
    newer = copy_of(a, tmp_path / "newer")
    (newer / "static" / style).rename(newer / "static/style.0123456789.css")  # as a new style.css would be
    deploy.deploy(newer, str(dest))
    now, before = current(dest), (dest / "releases").iterdir()
    old = next(p for p in before if p != now)
    assert (now / "static" / style).stat().st_ino == (old / "static" / style).stat().st_ino
    assert f"static/{style}" not in (now / deploy.MANIFEST).read_text("utf-8")  # carried, not its own


def test_five_releases_are_kept(versions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, a, _ = versions
    dest, site = tmp_path / "dest", tmp_path / "site"
    names = []
    for n in range(7):
        if site.exists():
            for p in sorted(site.rglob("*"), reverse=True):
                p.unlink() if p.is_file() else p.rmdir()
        site.mkdir(exist_ok=True)
        for rel, content in files(a).items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(content)
        (site / "version.txt").write_text(f"{n}\n", "utf-8")  # seven different sites
        deploy.deploy(site, str(dest))
        names.append(current(dest).name)
    left = sorted(p.name for p in (dest / "releases").iterdir())
    assert left == sorted(names)[-5:] and current(dest).name == names[-1]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda listed: listed.replace(listed[:4], "0000", 1), "sha256sum"),  # a file's bytes are not the site's
        (lambda listed: listed + f"{'0' * 64}  ./lost.html\n", r"副本有 \d+ 个文件,网站有 \d+ 个:没有切换"),  # one lost
    ],
    ids=["a hash", "a file count"],
)
def test_a_copy_that_does_not_check_out_is_never_switched_to(
    versions: tuple[Path, Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    spoil: Callable[[str], str],
    message: str,
) -> None:
    _, a, b = versions
    dest = tmp_path / "dest"
    deploy.deploy(a, str(dest))
    before = current(dest)
    real = deploy.manifest
    monkeypatch.setattr(deploy, "manifest", lambda site: spoil(real(site)))
    with pytest.raises(BuildError, match=message):
        deploy.deploy(b, str(dest))
    assert current(dest) == before  # still the whole previous release
    assert [p.name for p in (dest / "releases").iterdir() if p.name.endswith(".partial")]  # left, for the next
    monkeypatch.setattr(deploy, "manifest", real)
    deploy.deploy(b, str(dest))
    assert not [p.name for p in (dest / "releases").iterdir() if p.name.endswith(".partial")]  # cleared


def test_a_folder_that_is_not_a_built_site_is_not_deployed(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    with pytest.raises(BuildError, match="不是构建好的网站"):
        deploy.deploy(tmp_path / "site", str(tmp_path / "dest"))
    assert not (tmp_path / "dest").exists()


def test_host_and_path_go_over_ssh(
    versions: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """host:path: every step through the ssh command (DEPLOY_SSH), here a stand-in that runs it on this machine."""
    _, a, b = versions
    log = tmp_path / "ssh.log"
    fake = tmp_path / "fake-ssh"
    fake.write_text(f'#!/bin/sh\nhost="$1"; shift\necho "$host $*" >> {log}\nexec sh -c "$*"\n', "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("DEPLOY_SSH", str(fake))
    dest = tmp_path / "remote"
    assert deploy.target(f"server.example:{dest}") == deploy.Target("server.example", str(dest))
    deploy.deploy(a, f"server.example:{dest}")
    deploy.deploy(b, f"server.example:{dest}")
    assert (current(dest) / TASK).read_bytes() == (b / TASK).read_bytes()
    said = log.read_text("utf-8")
    assert "server.example rsync --server" in said and "server.example sha256sum" not in said  # run through sh -c
    assert "sha256sum --check --quiet --strict" in said and "server.example mv -T" in said
    deploy.rollback(f"server.example:{dest}")
    assert (current(dest) / TASK).read_bytes() == (a / TASK).read_bytes()


def sitemap_files(site: Path) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)
    paths = [urlsplit(loc.text or "").path for loc in locs]
    return [p.lstrip("/") + "index.html" for p in paths]


@pytest.mark.skipif(not nginxd.available() and not os.environ.get("CI"), reason="nginx not installed")
def test_nginx_answers_whole_releases_while_deploys_switch(versions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """2,000 requests from 4 threads over about 10 s while two deploys switch releases: every answer is a
    200 with a page of one whole release, or the 404 of an unknown path; never a 5xx, never half a site."""
    project, a, b = versions
    dest = tmp_path / "dest"
    deploy.deploy(a, str(dest))
    port = nginxd.free_port()
    block = tmp_path / "block.conf"
    listen = ["--listen", f"127.0.0.1:{port}", "--no-brotli", "--site-url", SITE_URL]
    with open(block, "w", encoding="utf-8") as f, contextlib.redirect_stdout(f):
        assert run("nginx", "--root", str(project), "--out", str(dest / "current"), *listen) == 0
    assert f"root {dest}/current;" in block.read_text("utf-8")
    pages = [*sitemap_files(a)[:60], TASK]
    allowed = {rel: {(a / rel).read_bytes(), (b / rel).read_bytes()} for rel in pages}
    counts: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    served = {True: 0, False: 0}  # the task page as release B has it, as A has it
    lock = threading.Lock()

    def load(base: str, n: int) -> None:
        for i in range(500):
            rel = "no-such-page/" if i % 25 == 0 else pages[(i * 7 + n) % len(pages)]
            try:
                with urllib.request.urlopen(f"{base}/{rel.removesuffix('index.html')}", timeout=10) as r:
                    status, body = r.status, r.read()
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read()
            with lock:
                counts[str(status)] += 1
                if rel == "no-such-page/":
                    if status != 404:
                        wrong.append(f"{rel}: {status}")
                elif status != 200 or body not in allowed[rel]:
                    wrong.append(f"{rel}: {status}")
                elif rel == TASK:
                    served[body == (b / TASK).read_bytes()] += 1
            time.sleep(0.015)

    with nginxd.nginx(block.read_text("utf-8"), tmp_path / "nginx", port) as base:
        threads = [threading.Thread(target=load, args=(base, n)) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(2)
        deploy.deploy(b, str(dest))
        time.sleep(2)
        deploy.deploy(a, str(dest))  # a new release of A: current was B
        for t in threads:
            t.join()
    assert wrong == []
    assert served[True] and served[False]  # both releases were answered from while the load ran
    assert sum(counts.values()) == 2000 and set(counts) == {"200", "404"} and counts["404"] == 80
    assert (current(dest) / TASK).read_bytes() == (a / TASK).read_bytes()
    print(f"load: {dict(counts)}")
