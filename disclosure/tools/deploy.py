"""`build.py deploy DEST`: publish the built site to a folder of this machine or, as host:path, of another
(rsync over ssh), so that the web server never serves half a site.

DEST holds releases/<number>-<time>-<hash>/, one whole copy of a site each, and `current`, a symbolic link to
one of them, which the server's root names (`build.py nginx --server-root DEST/current`). A deploy (one at
a time: DEST/.deploy-lock) copies the site into a new release folder (files whose bytes did not change are
hard links into the last release: rsync --link-dest --checksum), writes the manifest of every file's
SHA-256 beside them, checks on the target that the copy holds as many files as the site and that every
hash matches (sha256sum --check), links in the last release's content-named files (fingerprinted assets,
Pagefind's chunks) that a page kept from it may still ask for, and only then points `current` at it, in
one rename(2) of a new link over the old: each request is answered from the old release or from the new
one, whole. `previous` names the release it replaced, where `--rollback` goes back to (a second
rollback undoes the first). The last five releases are kept, and those two always.

Every step on the target is a command (rsync, sha256sum, find, ln, mv, rm), run there through ssh (the
command in DEPLOY_SSH, default "ssh") or here: one path, tested through a stand-in for ssh.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shlex
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from disclosure.build import write
from disclosure.build.templating import FINGERPRINT
from disclosure.errors import BuildError

KEEP = 5
MANIFEST = ".disclosure-manifest"  # in each release: "<sha256>  <path>" per file, as sha256sum --check reads it
RELEASES = "releases"
CURRENT = "current"
PREVIOUS = "previous"  # the release current named before the last switch: where --rollback goes
LOCK = ".deploy-lock"
RELEASE = re.compile(r"\d{6}-\d{8}T\d{6}Z-[0-9a-f]{12}")  # <number>-<UTC time>-<manifest hash>: in order by name


@dataclass(frozen=True)
class Target:
    """Where releases go: a folder here (host None) or host:path."""

    host: str | None
    path: str  # absolute here; as given (may be relative to the remote home) on a host

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    def at(self, *parts: str) -> str:
        return "/".join([self.path.rstrip("/") or "/", *parts]) if self.path else "/".join(parts)

    def rsync(self, *parts: str) -> str:
        """The target as rsync names it."""
        return f"{self.host}:{self.at(*parts)}" if self.host else self.at(*parts)


def target(dest: str) -> Target:
    """DEST as rsync reads it: host:path when a colon comes before any slash, else a folder here."""
    head, colon, rest = dest.partition(":")
    if colon and head and "/" not in head:
        if not rest:
            raise BuildError(f"部署目标“{dest}”缺少服务器上的路径:应写作 主机:/srv/disclosure。")
        return Target(head, rest)
    return Target(None, os.path.abspath(dest))


class Shell:
    """Commands on the target: through ssh for a host, here otherwise."""

    def __init__(self, where: Target) -> None:
        self.where = where
        self.ssh = shlex.split(os.environ.get("DEPLOY_SSH", "ssh"))

    def run(self, *command: str) -> str:
        argv = [*self.ssh, self.where.host, shlex.join(command)] if self.where.host else list(command)
        done = self._run(argv)
        if done.returncode:
            said = (done.stderr or done.stdout).strip()
            raise BuildError(f"在 {self.where} 上执行 {shlex.join(command)} 失败(退出码 {done.returncode}):{said}")
        return done.stdout

    def rsync(self, *args: str) -> None:
        rsh = ["-e", shlex.join(self.ssh)] if self.where.host else []
        done = self._run(["rsync", "--protect-args", *rsh, *args])  # names with spaces, older rsync too
        if done.returncode:
            raise BuildError(f"rsync 复制到 {self.where} 失败(退出码 {done.returncode}):{done.stderr.strip()}")

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(argv, capture_output=True, text=True)
        except OSError as e:  # rsync or the ssh command not installed here
            raise BuildError(
                f"无法运行 {argv[0]}:{e.strerror}。部署需要本机安装 rsync(和 ssh,部署到其他主机时)。"
            ) from e


def manifest(site: Path) -> str:
    """Every file of the site with its SHA-256, sorted, as sha256sum --check reads it."""
    lines = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(site).as_posix()
        if "\n" in rel or "\\" in rel:  # sha256sum would escape it: never in a site the build wrote
            raise BuildError(f"{site} 里的文件名“{rel!r}”含有换行或反斜杠,无法核对。")
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  ./{rel}\n")
    return "".join(lines)


def releases(shell: Shell) -> tuple[list[str], str | None, str | None]:
    """The finished releases, oldest first, the one current points to and the one previous points to
    (None before the first deploy, or the first switch)."""
    where = shell.where
    shell.run("mkdir", "-p", where.at(RELEASES))
    names = sorted(n for n in shell.run("ls", "-1", where.at(RELEASES)).split("\n") if RELEASE.fullmatch(n))
    return names, linked(shell, CURRENT), linked(shell, PREVIOUS)


def linked(shell: Shell, name: str) -> str | None:
    """The release a link of the target (current, previous) names; None where there is no such link."""
    link = shell.run("sh", "-c", f"readlink {shlex.quote(shell.where.at(name))} || true").strip()
    return link.removeprefix(f"{RELEASES}/") if link.startswith(f"{RELEASES}/") else None


def switch(shell: Shell, release: str, current: str | None) -> None:
    """Point current at the release, and previous at the one current named (for --rollback)."""
    if current:
        point(shell, PREVIOUS, current)
    point(shell, CURRENT, release)


def point(shell: Shell, name: str, release: str) -> None:
    """Point the link name at the release in one rename(2): a new link, moved over the old one."""
    shell.run("ln", "-sfn", f"{RELEASES}/{release}", shell.where.at(f"{name}.next"))
    shell.run("mv", "-T", shell.where.at(f"{name}.next"), shell.where.at(name))


@contextlib.contextmanager
def locked(shell: Shell) -> Iterator[None]:
    """One deploy at a time to a target: mkdir of the lock folder succeeds for one of them only."""
    lock = shell.where.at(LOCK)
    shell.run("mkdir", "-p", shell.where.at())
    try:
        shell.run("mkdir", lock)
    except BuildError:
        raise BuildError(
            f"{shell.where} 上另一个部署正在进行({LOCK} 存在)。如果确认没有(比如上次部署被中断),删除 {lock} 后再试。"
        ) from None
    try:
        yield
    finally:
        shell.run("rmdir", lock)


def deploy(site: Path, dest: str) -> str:
    """Copy the built site to a new release at dest, check it, switch current to it; what was done."""
    if not (site / write.MARKER).is_file():
        raise BuildError(f"{site} 不是构建好的网站(里面没有 {write.MARKER}):请先运行 python build.py。")
    where = target(dest)
    shell = Shell(where)
    listed = manifest(site)
    digest = hashlib.sha256(listed.encode("utf-8")).hexdigest()[:12]
    with locked(shell):
        names, current, _ = releases(shell)
        if current and current.endswith(f"-{digest}"):
            return f"{where} 已经是这个版本({current}),没有部署。"
        number = max((int(n.split("-", 1)[0]) for n in names), default=0) + 1  # in order, even within a second
        release = f"{number:06d}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{digest}"
        partial = f"{release}.partial"  # never listed as a release, never pointed at
        for name in shell.run("ls", "-1", where.at(RELEASES)).split("\n"):  # copies of deploys that failed
            if name.endswith(".partial"):
                shell.run("rm", "-rf", "--", where.at(RELEASES, name))
        # Linked from the last release when the bytes are the same (--checksum), whatever the file's time:
        # every build writes every file anew, so times (-a's -t) would never match and nothing be linked.
        link_dest = [f"--link-dest=../{current}"] if current else []
        copy = ["-a", "--no-times", "--checksum", "--delete", *link_dest]
        shell.rsync(*copy, f"{site}/", where.rsync(RELEASES, partial) + "/")
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / MANIFEST).write_text(listed, "utf-8")
            shell.rsync(str(Path(tmp) / MANIFEST), where.rsync(RELEASES, partial, MANIFEST))
        folder = where.at(RELEASES, partial)
        count = int(shell.run("sh", "-c", f"cd {shlex.quote(folder)} && find . -type f ! -name {MANIFEST} | wc -l"))
        expected = listed.count("\n")
        if count != expected:
            raise BuildError(f"{where} 上的副本有 {count} 个文件,网站有 {expected} 个:没有切换,现在的网站不变。")
        shell.run("sh", "-c", f"cd {shlex.quote(folder)} && sha256sum --check --quiet --strict {MANIFEST}")
        if current:
            carry_forward(shell, current, partial)
        shell.run("mv", "-T", folder, where.at(RELEASES, release))
        switch(shell, release, current)
        removed = prune(shell, [*names, release], {release, current})
    return f"已部署到 {where}:{release}({expected} 个文件,已核对);保留最近 {KEEP} 个版本" + (
        f",删除了 {len(removed)} 个旧版本。" if removed else "。"
    )


# Files named by their content that a page of the last release may still ask for after the switch (a page
# a browser or proxy kept, a search page already open): its fingerprinted assets and Pagefind's chunks.
CARRIED = rf"\./(static/.+{FINGERPRINT}|pagefind/.+\.pf_[a-z]+)(\.gz|\.br)?"


def carry_forward(shell: Shell, last: str, partial: str) -> None:
    """Link into the new release the last release's own content-named files that it lacks (those of its
    manifest: not what it carried itself, so they do not pile up), after the check, before the switch."""
    script = (
        f"cd {shlex.quote(shell.where.at(RELEASES, partial))} && "
        f"sed -n 's/^[0-9a-f]*  //p' ../{shlex.quote(last)}/{MANIFEST} | grep -E '^{CARRIED}$' | "
        f'while IFS= read -r f; do [ -e "$f" ] || {{ mkdir -p "$(dirname "$f")" && '
        f'ln "../{last}/$f" "$f"; }}; done'
    )
    shell.run("sh", "-c", script)


def prune(shell: Shell, names: list[str], keep: set[str | None]) -> list[str]:
    """Remove all but the last KEEP releases and those in keep (the new one, the one it replaced, which
    --rollback goes back to); the removed."""
    old = [n for n in sorted(names)[:-KEEP] if n not in keep]
    for name in old:
        shell.run("rm", "-rf", "--", shell.where.at(RELEASES, name))
    return old


def rollback(dest: str) -> str:
    """Point current at the release it named before the last switch (previous); a second rollback undoes it."""
    where = target(dest)
    shell = Shell(where)
    with locked(shell):
        names, current, previous = releases(shell)
        if current is None:
            raise BuildError(f"{where} 还没有部署过(没有 {CURRENT}),无法回退。")
        if previous is None or previous not in names:
            raise BuildError(f"{where} 没有上一个版本可以回退({PREVIOUS} 不存在,或它指向的版本已删除)。")
        switch(shell, previous, current)
    return f"已回退 {where}:{current} → {previous}(再次回退会回到 {current})。"
