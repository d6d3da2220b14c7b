"""The only code that reads the repository's input files: regular files inside the project, never a link.

Every input folder (INPUT_FOLDERS) and root file (INPUT_FILES) is listed once, at the start of a build,
without following links: a symbolic link anywhere among them, or a file that is not a regular file (a
named pipe, a device), is an error naming it. Each read then opens the file again one path component at a
time with O_NOFOLLOW, relative to the folder above it, so a link put in place after the listing is
refused too: a pull request cannot publish /etc/passwd or /proc/self/environ by committing a link to it.
Hidden files (".DS_Store", an editor's ".tasks.yaml.swp") are not listed as inputs (a template can still
include one by its name).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from disclosure.chars import INVISIBLE, label
from disclosure.errors import DataError, Pos, Problem

INPUT_FOLDERS = ("data", "content", "templates")  # a new input folder is added here, and nowhere else
INPUT_FILES = ("site.yaml",)  # the input files at the project's root: the site's identity
KINDS = {
    stat.S_IFIFO: "命名管道",
    stat.S_IFSOCK: "套接字",
    stat.S_IFCHR: "设备文件",
    stat.S_IFBLK: "设备文件",
    stat.S_IFDIR: "文件夹",
}
# Why a file or folder could not be read, in words (the system's own are English): by errno, else its text.
REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENAMETOOLONG: "路径太长",
    errno.EISDIR: "这是一个文件夹",
    errno.EIO: "磁盘读取出错",
}


def reason(e: OSError) -> str:
    """Why e happened, in Chinese when it is a common reason, else the system's words."""
    return REASONS.get(e.errno or 0, e.strerror or str(e))


@dataclass(frozen=True)
class Listing:
    """The regular files of the input folders, as paths relative to the project ("data/units.yaml")."""

    files: tuple[str, ...]

    def under(self, folder: str, suffix: str = "") -> list[str]:
        """The files below folder ("content"), relative to the project, sorted; only those ending in suffix."""
        prefix = folder.rstrip("/") + "/"
        return [f for f in self.files if f.startswith(prefix) and f.endswith(suffix)]

    def folders(self, folder: str) -> list[str]:
        """The names of the folders directly inside folder ("data" -> ["2023"]) that hold a file, sorted."""
        prefix = folder.rstrip("/") + "/"
        inside = (f[len(prefix) :] for f in self.files if f.startswith(prefix))
        return sorted({rest.split("/")[0] for rest in inside if "/" in rest})


def scan(root: Path, inputs: tuple[str, ...] = INPUT_FOLDERS, root_files: tuple[str, ...] = INPUT_FILES) -> Listing:
    """List every regular file of the input folders and the root files that exist, or raise DataError naming
    every link and special file."""
    problems: list[Problem] = []
    files: list[str] = []
    for name in root_files:  # a missing one is not listed: its reader says what it should hold
        path = root / name
        if path.is_symlink():
            problems.append(link_problem(name, os.readlink(path)))
        elif path.is_file():
            files.append(name)
        elif path.exists():
            problems.append(special_problem(name, path.stat().st_mode))
    folders: list[tuple[Path, str]] = []  # still to list: a loop, not recursion, however deep the folders
    for folder in inputs:
        path = root / folder
        if path.is_symlink():
            problems.append(link_problem(folder, os.readlink(path)))
        elif path.is_dir():
            folders.append((path, folder))
        elif path.exists():
            problems.append(Problem(Pos(folder), "", "这里应该是一个文件夹,却是一个文件。"))
    while folders:
        path, rel = folders.pop()
        try:
            with os.scandir(path) as listed:
                entries = sorted(listed, key=lambda e: e.name)
        except OSError as e:
            problems.append(Problem(Pos(rel), "", f"读不了这个文件夹({reason(e)}):请让它可以读取。"))
            continue
        for entry in entries:
            name = f"{rel}/{entry.name}"
            if bad := INVISIBLE.search(entry.name):  # a name that hides what it is, or drives a terminal
                problems.append(
                    Problem(
                        Pos(f"{rel}/{entry.name!r}"),
                        "",
                        f"文件名里有一个看不见的字符 {label(bad.group())},文件名只能用看得见的字符:请给它改名。",
                    )
                )
            elif entry.is_symlink():
                problems.append(link_problem(name, os.readlink(entry.path)))
            elif entry.name.startswith("."):
                continue
            elif entry.is_dir(follow_symlinks=False):
                folders.append((Path(entry.path), name))
            elif entry.is_file(follow_symlinks=False):
                files.append(name)
            else:
                problems.append(special_problem(name, entry.stat(follow_symlinks=False).st_mode))
    if problems:
        raise DataError(problems)
    return Listing(tuple(sorted(files)))


def link_problem(name: str, target: str) -> Problem:
    shown = repr(target) if INVISIBLE.search(target) else target  # a target can hold anything: ESC, newlines
    return Problem(
        Pos(name),
        "",
        f"这是一个符号链接(指向 {shown}),这里要放仓库里的普通文件或文件夹:请用文件本身替换这个链接(构建从不跟随链接)。",
    )


def special_problem(name: str, mode: int) -> Problem:
    found = KINDS.get(stat.S_IFMT(mode), "特殊文件")
    return Problem(Pos(name), "", f"这是一个{found},这里要放普通文件。")


def read_bytes(root: Path, rel: str) -> bytes:
    """The bytes of the regular file root/rel, opened without following any link on the way.

    Raises FileNotFoundError when it does not exist, and DataError when a component is a link or the file
    is not a regular file."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or ".." in parts:
        raise DataError([Problem(Pos(rel), "", "这个路径不在仓库里面,只能读仓库里的文件。")])
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused just below.
            flags = os.O_RDONLY | os.O_NOFOLLOW | (os.O_NONBLOCK if last else os.O_DIRECTORY)
            try:
                next_fd = os.open(part, flags, dir_fd=fd)
            except OSError as e:
                if e.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(root.joinpath(*parts[: i + 1])):
                    target = os.readlink(root.joinpath(*parts[: i + 1]))
                    raise DataError([link_problem("/".join(parts[: i + 1]), target)]) from None
                raise
            os.close(fd)
            fd = next_fd
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise DataError([special_problem(rel, mode)])
        with os.fdopen(fd, "rb") as file:
            fd = -1
            return file.read()
    finally:
        if fd >= 0:
            os.close(fd)
