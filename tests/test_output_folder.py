"""The output folder is always whole: a failed, stopped, killed or concurrent build never leaves a partial
site/, a missing one or a temporary folder; files are world-readable whatever the umask; a read-only
folder, a full disk and a failing Pagefind each give one sentence and exit code 1.

Builds run the real command line (build.main in-process, or build.py as a subprocess when it is to be
killed), on a copy of the project whose home page was edited: a build that went through gives the
edited site, one that did not leaves the previous site byte for byte.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from factory import ROOT, make_project, more_tasks

import build
from disclosure.build import write
from disclosure.errors import BuildError
from disclosure.outputs import search
from disclosure.source import load, validate

HEADLINE = (
    "构建失败,site/ 没有改动。请按下列位置修改(位置写作 文件:行:列,例如 data/2023/tasks.yaml:12:7 即该文件第12行第7列):"
)
INDEX_MD, OLD_LINE, NEW_LINE = "content/index.md", "- **市民**可以", "- **市民和企业**可以"
WAITING = "waiting for another build into {} to finish …"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file (by content hash) and folder under folder."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.rglob("*"))
    }


def beside(site: Path) -> list[str]:
    """The names in site's parent folder."""
    return sorted(p.name for p in site.parent.iterdir())


def staged(site: Path) -> list[str]:
    """Staging and old folders of site, as the build names them."""
    return [name for name in beside(site) if name.startswith((f".{site.name}-new-", f".{site.name}-old-"))]


def run(project: Path, site: Path, *more: str) -> int:
    """Build in this process through the command line; its exit code."""
    return build.main(["--root", str(project), "--out", str(site), *more])


def command(project: Path, site: Path) -> list[str]:
    """The command line of a build in a process of its own."""
    return [sys.executable, str(ROOT / "build.py"), "--root", str(project), "--out", str(site), "--no-search"]


def edit_home_page(project: Path) -> None:
    """Change one line of the home page, so that a build that went through shows."""
    path = project / INDEX_MD
    text = path.read_text("utf-8")
    assert OLD_LINE in text
    path.write_text(text.replace(OLD_LINE, NEW_LINE, 1), "utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A copy of the fixture site, the site built from it, the copy with its home page edited and its site."""
    base = tmp_path_factory.mktemp("sites")
    # Enough pages for render workers (write.CHUNK) and a build that lasts long enough to be stopped.
    make_project(base / "project", {"data/2024/tasks.yaml": more_tasks(200)})
    shutil.copytree(base / "project", base / "edited")
    edit_home_page(base / "edited")
    assert run(base / "project", base / "site", "--no-search") == 0
    assert run(base / "edited", base / "edited-site", "--no-search") == 0
    assert snapshot(base / "site") != snapshot(base / "edited-site")
    return {"project": base / "project", "site": base / "site", "edited": base / "edited-site"}


@pytest.fixture
def workspace(sites: dict[str, Path], tmp_path: Path) -> tuple[Path, Path]:
    """This test's own edited project and the previous (unedited) site, alone in tmp_path."""
    project, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(sites["project"], project)
    edit_home_page(project)
    shutil.copytree(sites["site"], site)
    return project, site


# --- (a) a failure after staging, and the swap itself --------------------------------------------------


def fail_after_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the build fail with a BuildError once every page is written into the staging folder."""
    original = write.write_site

    def write_then_fail(*args: object, **kwargs: object) -> object:
        original(*args, **kwargs)
        raise BuildError("injected: failed after every page was written")

    monkeypatch.setattr(write, "write_site", write_then_fail)


def fail_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the build meet an OSError once every page is written into the staging folder."""
    original = write.write_site

    def write_then_fail(plan: object, render: object, root: Path, *args: object) -> object:
        original(plan, render, root, *args)
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(root / "index.html"))

    monkeypatch.setattr(write, "write_site", write_then_fail)


def fail_exchanging(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the swap itself fail."""

    def fail(a: Path, b: Path, renameat2: object = None) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(a), None, str(b))

    monkeypatch.setattr(write, "exchange", fail)


IO_ERROR = "cannot write the site into {}: Input/output error (EIO)"


@pytest.mark.parametrize(
    ("inject", "message"),
    [
        pytest.param(fail_after_writing, "injected: failed after every page was written", id="after-writing"),
        pytest.param(fail_writing, IO_ERROR, id="an-os-error-after-writing"),
        pytest.param(fail_exchanging, IO_ERROR, id="at-the-swap"),
    ],
)
def test_a_failure_after_staging_leaves_the_previous_site_and_nothing_beside_it(
    workspace: tuple[Path, Path],
    sites: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    inject: Callable[[pytest.MonkeyPatch], None],
    message: str,
) -> None:
    project, site = workspace
    assert run(project, site, "--no-search") == 0  # the first build goes through
    assert snapshot(site) == snapshot(sites["edited"])
    before = snapshot(site)
    (project / INDEX_MD).write_text((project / INDEX_MD).read_text("utf-8") + "\n又一段。\n", "utf-8")
    inject(monkeypatch)
    capsys.readouterr()

    code = run(project, site, "--no-search")  # the second fails once its staging folder is made

    assert capsys.readouterr().err.splitlines() == [HEADLINE, message.format(site)]
    assert code == 1
    assert snapshot(site) == before
    assert beside(site) == ["project", "site"]


def test_the_swap_is_one_exchange_and_the_previous_site_is_removed(workspace: tuple[Path, Path]) -> None:
    """One renameat2(RENAME_EXCHANGE): at no moment is there no site/ (two renames leave a gap)."""
    project, site = workspace
    old_inode = site.stat().st_ino
    with mock.patch.object(write, "exchange", wraps=write.exchange) as exchange:
        assert run(project, site, "--no-search") == 0
    assert exchange.call_count == 1
    assert exchange.call_args.args[1] == site
    assert site.stat().st_ino != old_inode
    assert beside(site) == ["project", "site"]


@pytest.mark.parametrize("how", ["libc", "syscall"])
def test_exchange_swaps_two_folders(tmp_path: Path, how: str) -> None:
    """Both ways of calling renameat2: glibc's wrapper, and the raw syscall where glibc is older than 2.28."""
    renameat2 = write.libc_renameat2() if how == "libc" else write.syscall_renameat2()
    if renameat2 is None:
        pytest.skip(f"no renameat2 by {how} on this system")
    (tmp_path / "a").mkdir()
    (tmp_path / "a/mark").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/mark").write_text("b")
    write.exchange(tmp_path / "a", tmp_path / "b", renameat2)
    assert [(tmp_path / name / "mark").read_text() for name in "ab"] == ["b", "a"]
    with pytest.raises(FileNotFoundError):
        write.exchange(tmp_path / "a", tmp_path / "missing", renameat2)


def test_without_exchange_two_renames_still_give_a_whole_site(
    workspace: tuple[Path, Path], sites: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kernel or file system without RENAME_EXCHANGE (ENOSYS, EINVAL): the two-rename fallback."""

    def unsupported(a: Path, b: Path, renameat2: object = None) -> None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(a), None, str(b))

    monkeypatch.setattr(write, "exchange", unsupported)
    project, site = workspace
    assert run(project, site, "--no-search") == 0
    assert snapshot(site) == snapshot(sites["edited"])
    assert beside(site) == ["project", "site"]


def test_a_site_left_between_the_two_renames_is_put_back(
    workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fallback killed between its renames leaves no site/, only .site-old-<pid>: the next build restores
    it, so a failure of that build still leaves the previous site in place."""
    project, site = workspace
    before = snapshot(site)
    site.rename(site.parent / ".site-old-4242")
    fail_after_writing(monkeypatch)

    assert run(project, site, "--no-search") == 1

    assert snapshot(site) == before
    assert beside(site) == ["project", "site"]
    capsys.readouterr()


# --- (b) leftovers of dead builds ------------------------------------------------------------------------


def test_leftovers_of_dead_builds_are_removed_and_nothing_else(
    workspace: tuple[Path, Path], sites: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, site = workspace
    for name in (".site-new-0123abcd", ".site-old-123", ".site-new-abcd1234"):  # exactly the names builds make
        (site.parent / name / "2023").mkdir(parents=True)
        (site.parent / name / "2023/index.html").write_text("half a site")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "keep.txt").write_text("not ours")
    (site.parent / ".site-new-feedbeef").symlink_to(outside)  # removed as a link: what it points to is kept
    (site.parent / ".site-new-design").mkdir()  # a user's folders and files with similar names are kept
    (site.parent / ".site-new-design/plan.md").write_text("precious")
    (site.parent / ".site-old-backup.tar").write_text("precious")
    (site.parent / ".site-new-0000ffff").write_text("a file, which no build makes")
    for name in (".sitemap-new-1", ".other-new-1", "site.bak", ".site-new"):  # not leftovers of site/
        (site.parent / name).mkdir()

    assert run(project, site, "--no-search") == 0

    assert beside(site) == [
        ".other-new-1",
        ".site-new",
        ".site-new-0000ffff",
        ".site-new-design",
        ".site-old-backup.tar",
        ".sitemap-new-1",
        "project",
        "site",
        "site.bak",
    ]
    assert (outside / "keep.txt").read_text() == "not ours"
    assert (site.parent / ".site-new-design/plan.md").read_text() == "precious"
    assert snapshot(site) == snapshot(sites["edited"])


def test_only_a_folder_a_build_wrote_is_replaced(workspace: tuple[Path, Path], tmp_path: Path) -> None:
    """A swap puts the site in out's place and deletes what was there: --out naming the project, an input
    folder, a home folder, a link or a file is refused, and everything stays."""
    project, site = workspace
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / "notes/todo.txt").write_text("keep")
    (tmp_path / "linked").symlink_to(home)
    (tmp_path / "a-file").write_text("keep")
    cases = {
        home: f"{home} holds files and no .disclosure-site, so no build wrote it; expected an empty or new folder "
        f"(a build replaces its output folder whole): choose another --out, or delete {home} first",
        tmp_path / "linked": f"{tmp_path / 'linked'} is a symbolic link; expected a folder to build into "
        "(links are never followed)",
        tmp_path / "a-file": f"{tmp_path / 'a-file'} is a file; expected a folder to build into: choose another --out",
        project: f"{project} holds the project itself; expected an output folder of its own, such as site/",
        project / "data/site": f"{project / 'data/site'} is inside the project's inputs; expected an output folder "
        "outside them, such as site/",
    }
    before = {p: snapshot(p) for p in (home, project)}
    for out, message in cases.items():
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--root", str(project), "--out", str(out), "--no-search"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (result.returncode, result.stderr.splitlines()[1:]) == (1, [message])
    assert {p: snapshot(p) for p in (home, project)} == before
    assert (tmp_path / "a-file").read_text() == "keep"
    assert (site / ".disclosure-site").is_file()


# --- (c) stopped with SIGTERM or SIGINT, killed with SIGKILL --------------------------------------------


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (the build's forked render workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether pid runs (a zombie does not)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop_mid_build(project: Path, site: Path, signum: int, when: str) -> tuple[int, str, list[int]]:
    """Run build.py, send signum once its staging folder exists (and, when="workers", its render workers
    run); return its exit code, its stderr and the workers it had."""
    proc = subprocess.Popen(command(project, site), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while not staged(site) or (when == "workers" and not (workers := children(proc.pid))):
            assert proc.poll() is None, f"the build finished before it could be stopped: {proc.stderr.read()}"
            assert time.monotonic() < deadline
            time.sleep(0.001)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)  # a build that hangs on the signal fails here
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err, workers


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.parametrize("when", ["staging", "workers"])
def test_a_stopped_build_leaves_the_previous_site_and_no_staging_folder(
    workspace: tuple[Path, Path], signum: int, code: int, when: str
) -> None:
    project, site = workspace
    before = snapshot(site)

    returncode, err, workers = stop_mid_build(project, site, signum, when)

    name = signal.Signals(signum).name
    assert err.splitlines() == [f"构建被 {name} 中止:site/ 完好无损,也没有留下临时文件夹。"]
    assert returncode == code
    assert snapshot(site) == before
    assert beside(site) == ["project", "site"]
    assert not [pid for pid in workers if alive(pid)], "the render workers end with the build"


def test_a_build_killed_with_sigkill_leaves_a_leftover_that_the_next_build_removes(
    workspace: tuple[Path, Path], sites: dict[str, Path]
) -> None:
    project, site = workspace
    before = snapshot(site)

    returncode, err, workers = stop_mid_build(project, site, signal.SIGKILL, "workers")

    assert returncode == -signal.SIGKILL
    assert snapshot(site) == before
    assert [name[: len(".site-new-")] for name in staged(site)] == [".site-new-"]
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not [pid for pid in workers if alive(pid)], "orphaned render workers die with the build"
    assert "Traceback" not in err

    # The next build neither waits for the dead build's lock nor keeps its staging folder.
    after = subprocess.run(command(project, site), capture_output=True, text=True, timeout=60, check=False)

    assert after.returncode == 0, after.stderr
    assert "waiting" not in after.stderr
    assert beside(site) == ["project", "site"]
    assert snapshot(site) == snapshot(sites["edited"])


def test_a_stop_swallowed_by_a_finalizer_is_raised_again(capsys: pytest.CaptureFixture[str]) -> None:
    """A signal handled inside __del__ (or a fork hook) raises where Python only prints the exception and
    goes on: the stop is raised again shortly after, and nothing is printed."""

    class SignalledWhileCollected:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)  # the handler runs at the next bytecode: still in __del__

    started = time.monotonic()
    with pytest.raises(write.Stopped), write.stopping_on_signals():
        SignalledWhileCollected()
        time.sleep(5)
    assert time.monotonic() - started < 2
    assert capsys.readouterr().err == ""


def test_a_stop_during_a_removal_waits_for_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder half removed by a stop would be left for the next build: the stop is put off until after."""
    folder = tmp_path / "folder"
    (folder / "a/b").mkdir(parents=True)
    (folder / "a/b/file").write_text("x")
    rmtree = shutil.rmtree

    def signalled_rmtree(path: Path, ignore_errors: bool = False) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        rmtree(path, ignore_errors=ignore_errors)

    monkeypatch.setattr(write.shutil, "rmtree", signalled_rmtree)
    with pytest.raises(write.Stopped), write.stopping_on_signals():
        write.remove(folder)  # the SIGTERM sent inside waits until the removal is done
        time.sleep(5)
    assert not folder.exists()


def test_the_signal_handlers_are_put_back_after_a_build(workspace: tuple[Path, Path]) -> None:
    handlers = [signal.getsignal(s) for s in write.STOP_SIGNALS]
    assert run(*workspace, "--no-search") == 0
    assert [signal.getsignal(s) for s in write.STOP_SIGNALS] == handlers


# --- (d) two builds at once ------------------------------------------------------------------------------


def read_line(stream: object, timeout: float) -> str:
    """The next line of a pipe, failing after timeout seconds."""
    ready, _, _ = select.select([stream], [], [], timeout)
    assert ready, f"nothing printed in {timeout} s"
    return stream.readline().rstrip("\n")  # type: ignore[attr-defined]


def test_a_second_build_waits_for_the_one_in_progress(workspace: tuple[Path, Path], sites: dict[str, Path]) -> None:
    """The lock is held as a build holds it (flock on the output's parent folder): the build says it waits,
    makes no staging folder meanwhile, and goes on once the lock is released."""
    project, site = workspace
    before = snapshot(site)
    lock = os.open(site.parent, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(lock, fcntl.LOCK_EX)
    proc = subprocess.Popen(command(project, site), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert read_line(proc.stderr, 60) == WAITING.format(site.parent.resolve())
        time.sleep(0.3)
        assert proc.poll() is None
        assert beside(site) == ["project", "site"]
        assert snapshot(site) == before
    finally:
        os.close(lock)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert snapshot(site) == snapshot(sites["edited"])
    assert beside(site) == ["project", "site"]


def test_two_builds_started_at_once_both_succeed_in_turn(workspace: tuple[Path, Path], sites: dict[str, Path]) -> None:
    project, site = workspace
    procs = [
        subprocess.Popen(command(project, site), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    most = 0  # staging and old folders seen at one time: with the lock, never two
    while any(p.poll() is None for p in procs):
        most = max(most, len(staged(site)))
        time.sleep(0.001)
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert most <= 1
    assert snapshot(site) == snapshot(sites["edited"])
    assert beside(site) == ["project", "site"]


# --- (e) world-readable whatever the umask -----------------------------------------------------------


@pytest.fixture
def umask_077() -> Iterator[None]:
    """Build as a user whose umask hides everything from others."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def modes(folder: Path) -> dict[str, set[str]]:
    """The permission bits found on the files and on the folders under folder, itself included."""
    found: dict[str, set[str]] = {"files": set(), "folders": set()}
    for p in [folder, *folder.rglob("*")]:
        found["folders" if p.is_dir() else "files"].add(oct(stat.S_IMODE(p.lstat().st_mode)))
    return found


def test_under_umask_077_files_are_0644_and_folders_0755(workspace: tuple[Path, Path], umask_077: None) -> None:
    """With the search index: Pagefind, a subprocess, writes its files under the same umask."""
    project, site = workspace
    out = site.parent / "new" / "public" / "site"  # its parents are made by the build
    assert run(project, out) == 0
    assert (out / "pagefind/pagefind-entry.json").is_file()
    assert modes(out) == {"files": {"0o644"}, "folders": {"0o755"}}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in (out.parent, out.parent.parent)} == {"0o755"}


def test_the_dev_servers_writes_are_world_readable_too(tmp_path: Path, umask_077: None) -> None:
    write.write_files({"a/b/index.html": b"<p>x</p>", "c.txt": b"c"}, tmp_path / "out")
    assert modes(tmp_path / "out") == {"files": {"0o644"}, "folders": {"0o755"}}


# --- (f) a read-only folder, a full disk -------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs of this test's own (a file system that can be made read-only or full)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(mnt)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def assert_one_sentence(
    project: Path, site: Path, capsys: pytest.CaptureFixture[str], sentence: str, others: list[str]
) -> None:
    """The build fails with the headline and one sentence, the site stays, nothing is left beside it."""
    before = snapshot(site)
    capsys.readouterr()
    code = run(project, site, "--no-search")
    output = capsys.readouterr()
    assert output.err.splitlines() == [HEADLINE, sentence]
    assert "Traceback" not in output.err
    assert code == 1
    assert snapshot(site) == before
    assert beside(site) == sorted(["site", *others])


def test_a_read_only_file_system_is_one_sentence(
    tmpfs: Path, sites: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Root ignores folder permissions (chmod 0555 would not stop it): a tmpfs remounted read-only does."""
    site = tmpfs / "site"
    shutil.copytree(sites["site"], site)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    assert_one_sentence(
        sites["project"],
        site,
        capsys,
        f"cannot write the site into {site}: the folder is read-only (Read-only file system); "
        "build into a writable folder with --out",
        [],
    )


def test_a_folder_without_write_permission_is_one_sentence(
    tmp_path: Path, sites: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions (the read-only file system case covers root)")
    site = tmp_path / "out" / "site"
    shutil.copytree(sites["site"], site)
    site.parent.chmod(0o555)
    try:
        assert_one_sentence(
            sites["project"],
            site,
            capsys,
            f"cannot write the site into {site}: permission denied (Permission denied); "
            "make the folder writable for this user, or build into another one with --out",
            [],
        )
    finally:
        site.parent.chmod(0o755)


def test_a_full_disk_is_one_sentence(tmpfs: Path, sites: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    site = tmpfs / "site"
    shutil.copytree(sites["site"], site)
    with open(tmpfs / "filler", "wb", buffering=0) as filler:  # fill the disk, leave 256 KB: less than a site
        with pytest.raises(OSError) as full:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        assert full.value.errno == errno.ENOSPC
        filler.truncate(max(0, filler.tell() - 256 * 1024))
    assert_one_sentence(
        sites["project"],
        site,
        capsys,
        f"cannot write the site into {site}: the disk is full (No space left on device); "
        "free some space and build again",
        ["filler"],
    )


def test_an_os_error_outside_the_output_is_one_sentence(
    workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last resort in build.main: an OSError no stage put into words still gives one sentence."""
    project, site = workspace

    def unreadable(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(project / "data/units.yaml"))

    monkeypatch.setattr(build, "build", unreadable)
    assert_one_sentence(
        project,
        site,
        capsys,
        f"cannot use {project}/data/units.yaml: permission denied (Permission denied)",
        ["project"],
    )


# --- (g) Pagefind fails ----------------------------------------------------------------------------------

PAGEFIND_FAILS = """
import sys
print("Running Pagefind v1.5.2")
print("[Building search indexes]")
print("\\x1b[31mError: Failed to write the bundle to the output folder\\x1b[0m", file=sys.stderr)
print("Most likely, the output folder is not writable.", file=sys.stderr)
sys.exit(3)
"""
PAGEFIND_MISCOUNTS = "print('Running Pagefind v1.5.2'); print('  Indexed 3 pages')"
PAGEFIND_KILLED = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
NOT_BUILT = "the search index was not built"


@pytest.mark.parametrize(
    ("pagefind", "sentence"),
    [
        pytest.param(
            (sys.executable, "-c", PAGEFIND_FAILS),
            f"Pagefind failed (exit code 3): Failed to write the bundle to the output folder; {NOT_BUILT}",
            id="exit-code-and-its-last-error-line",
        ),
        pytest.param(
            ("/nonexistent/pagefind",),
            f"Pagefind could not be started (No such file or directory: /nonexistent/pagefind); {NOT_BUILT}",
            id="missing",
        ),
        pytest.param(
            (sys.executable, "-c", "import sys; sys.exit(1)"),
            f"Pagefind failed (exit code 1): it printed nothing; {NOT_BUILT}",
            id="silent",
        ),
        pytest.param(
            (sys.executable, "-c", PAGEFIND_KILLED), f"Pagefind was stopped by SIGKILL; {NOT_BUILT}", id="killed"
        ),
        pytest.param(
            (sys.executable, "-c", PAGEFIND_MISCOUNTS),
            "Pagefind indexed 3 pages, expected {}; the search index was not used",
            id="wrong-count",
        ),
    ],
)
def test_a_failing_pagefind_is_one_sentence(
    workspace: tuple[Path, Path],
    sites: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    pagefind: tuple[str, ...],
    sentence: str,
) -> None:
    project, site = workspace
    model = validate.build_site(load.read_sources(sites["project"]))
    monkeypatch.setattr(search, "PAGEFIND", pagefind)
    before = snapshot(site)
    capsys.readouterr()

    code = run(project, site)

    first_bundle = search.bundles(model)[0][1]  # Pagefind counts the pages of one bundle at a time
    assert capsys.readouterr().err.splitlines() == [HEADLINE, sentence.format(len(first_bundle))]
    assert code == 1
    assert snapshot(site) == before
    assert beside(site) == ["project", "site"]
