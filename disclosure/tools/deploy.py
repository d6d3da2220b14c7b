"""`build.py deploy DEST`: publish the built site to a folder of this machine or, as host:path, of another
(rsync over ssh), so that the web server never serves half a site.

DEST holds releases/<number>-<time>-<hash>/, one whole copy of a site each, and `current`, a symbolic link to one of
them, which the server's root names (`build.py nginx --out DEST/current`). A deploy copies the site into a
new release folder (files that did not change are hard links into the last release: rsync --link-dest),
writes the manifest of every file's SHA-256 beside them, checks on the target that the copy holds as
many files as the site and that every hash matches (sha256sum --check), and only then points `current`
at it, in one rename(2) of a new link over the old: each request is answered from the old release or
from the new one, whole. The last five releases are kept (and the one `current` names, always);
`--rollback` points `current` at the release before it.

Every step on the target is a command (rsync, sha256sum, find, ln, mv, rm), run there through ssh (the
command in DEPLOY_SSH, default "ssh") or here: one path, tested through a stand-in for ssh.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from disclosure.build import write
from disclosure.errors import BuildError

KEEP = 5
MANIFEST = ".disclosure-manifest"  # in each release: "<sha256>  <path>" per file, as sha256sum --check reads it
RELEASES = "releases"
CURRENT = "current"
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
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode:
            said = (done.stderr or done.stdout).strip()
            raise BuildError(f"在 {self.where} 上执行 {shlex.join(command)} 失败(退出码 {done.returncode}):{said}")
        return done.stdout

    def rsync(self, *args: str) -> None:
        rsh = ["-e", shlex.join(self.ssh)] if self.where.host else []
        done = subprocess.run(["rsync", *rsh, *args], capture_output=True, text=True)
        if done.returncode:
            raise BuildError(f"rsync 复制到 {self.where} 失败(退出码 {done.returncode}):{done.stderr.strip()}")


def manifest(site: Path) -> str:
    """Every file of the site with its SHA-256, sorted, as sha256sum --check reads it."""
    lines = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(site).as_posix()
        if "\n" in rel or "\\" in rel:  # sha256sum would escape it: never in a site the build wrote
            raise BuildError(f"{site} 里的文件名“{rel!r}”含有换行或反斜杠,无法核对。")
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  ./{rel}\n")
    return "".join(lines)


def releases(shell: Shell) -> tuple[list[str], str | None]:
    """The finished releases, oldest first, and the one current points to (None before the first deploy)."""
    where = shell.where
    shell.run("mkdir", "-p", where.at(RELEASES))
    names = sorted(n for n in shell.run("ls", "-1", where.at(RELEASES)).split("\n") if RELEASE.fullmatch(n))
    link = shell.run("sh", "-c", f"readlink {shlex.quote(where.at(CURRENT))} || true").strip()
    current = link.removeprefix(f"{RELEASES}/") if link.startswith(f"{RELEASES}/") else None
    return names, current


def switch(shell: Shell, release: str) -> None:
    """Point current at the release in one rename(2): a new link, moved over the old one."""
    where = shell.where
    shell.run("ln", "-sfn", f"{RELEASES}/{release}", where.at(f"{CURRENT}.next"))
    shell.run("mv", "-T", where.at(f"{CURRENT}.next"), where.at(CURRENT))


def deploy(site: Path, dest: str) -> str:
    """Copy the built site to a new release at dest, check it, switch current to it; what was done."""
    if not (site / write.MARKER).is_file():
        raise BuildError(f"{site} 不是构建好的网站(里面没有 {write.MARKER}):请先运行 python build.py。")
    where = target(dest)
    shell = Shell(where)
    listed = manifest(site)
    digest = hashlib.sha256(listed.encode("utf-8")).hexdigest()[:12]
    names, current = releases(shell)
    if current and current.endswith(f"-{digest}"):
        return f"{where} 已经是这个版本({current}),没有部署。"
    number = max((int(n.split("-", 1)[0]) for n in names), default=0) + 1  # in order, even within a second
    release = f"{number:06d}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{digest}"
    partial = f"{release}.partial"  # never listed as a release, never pointed at
    link_dest = [f"--link-dest=../{current}"] if current else []
    # --checksum: a file is linked from the last release only if its bytes are the same; the quick check
    # (size and time) linked a changed page of the same size built in the same second as the last one
    shell.rsync("-a", "--checksum", "--delete", *link_dest, f"{site}/", where.rsync(RELEASES, partial) + "/")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / MANIFEST).write_text(listed, "utf-8")
        shell.rsync(str(Path(tmp) / MANIFEST), where.rsync(RELEASES, partial, MANIFEST))
    folder = where.at(RELEASES, partial)
    count = int(shell.run("sh", "-c", f"cd {shlex.quote(folder)} && find . -type f ! -name {MANIFEST} | wc -l"))
    expected = listed.count("\n")
    if count != expected:
        raise BuildError(f"{where} 上的副本有 {count} 个文件,网站有 {expected} 个:没有切换,现在的网站不变。")
    shell.run("sh", "-c", f"cd {shlex.quote(folder)} && sha256sum --check --quiet --strict {MANIFEST}")
    shell.run("mv", "-T", folder, where.at(RELEASES, release))
    switch(shell, release)
    removed = prune(shell, [*names, release], release)
    return f"已部署到 {where}:{release}({expected} 个文件,已核对);保留最近 {KEEP} 个版本" + (
        f",删除了 {len(removed)} 个旧版本。" if removed else "。"
    )


def prune(shell: Shell, names: list[str], current: str) -> list[str]:
    """Remove all but the last KEEP releases (never the current one) and unfinished copies; the removed."""
    old = [n for n in sorted(names)[:-KEEP] if n != current]
    unfinished = [n for n in shell.run("ls", "-1", shell.where.at(RELEASES)).split("\n") if n.endswith(".partial")]
    for name in [*old, *unfinished]:
        shell.run("rm", "-rf", "--", shell.where.at(RELEASES, name))
    return old


def rollback(dest: str) -> str:
    """Point current at the release before it."""
    where = target(dest)
    shell = Shell(where)
    names, current = releases(shell)
    if current is None or current not in names:
        raise BuildError(f"{where} 还没有部署过(没有 {CURRENT}),无法回退。")
    position = names.index(current)
    if position == 0:
        raise BuildError(f"{where} 的 {current} 是保留的最早版本,没有更早的版本可以回退。")
    switch(shell, names[position - 1])
    return f"已回退 {where}:{current} → {names[position - 1]}。"
