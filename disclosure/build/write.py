"""The only code that touches the output folder: stage everything, then swap it in.

One build at a time per folder (a lock on out's parent), leftovers of killed builds removed before
staging, the swap one atomic rename (Linux renameat2 RENAME_EXCHANGE), every file world-readable
whatever the umask, and file system errors told in one sentence.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import platform
import re
import secrets
import shutil
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import FrameType

from disclosure.build import fanout, linkcheck
from disclosure.build.plan import Page, Plan
from disclosure.errors import BuildError
from disclosure.source import inputs

CHUNK = 60  # pages per task for a worker process (the real site: 4 tasks, 0.28 -> 0.22 s); fewer: in-process
FILE_MODE, FOLDER_MODE = 0o644, 0o755  # a published site is read by a web server running as another user
SITE_UMASK = 0o022  # what gives those modes to files (open: 0666) and folders (mkdir: 0777)

# renameat2(2): AT_FDCWD and RENAME_EXCHANGE from <fcntl.h> and <linux/fs.h>.
AT_FDCWD, RENAME_EXCHANGE = -100, 2
# Its syscall number, for a C library without the wrapper (glibc < 2.28, musl < 1.2.?): linux/arch tables.
SYS_RENAMEAT2 = {
    "x86_64": 316,
    "i386": 353,
    "i686": 353,
    "aarch64": 276,
    "armv7l": 382,
    "armv6l": 382,
    "riscv64": 276,
    "loongarch64": 276,
    "ppc64le": 357,
    "ppc64": 357,
    "s390x": 347,
}
# What renameat2 answers where it cannot exchange: no such syscall (Linux < 3.15, another kernel) or a file
# system without RENAME_EXCHANGE (NFS, some FUSE). Anything else is a real error and is reported.
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}
STOP_SIGNALS = tuple(sorted(fanout.STOPS))  # SIGHUP, SIGINT, SIGTERM: one list, held back by fanout.held_back
RETRY = 0.05  # seconds until a stop that was put off or swallowed is tried again (stopping_on_signals)

Renameat2 = Callable[[bytes, bytes, int], int]


def libc_renameat2() -> Renameat2 | None:
    """renameat2 from the C library (glibc ≥ 2.28), or None."""
    if not sys.platform.startswith("linux"):
        return None
    fn = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if fn is None:
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return lambda old, new, flags: fn(AT_FDCWD, old, AT_FDCWD, new, flags)


def syscall_renameat2() -> Renameat2 | None:
    """renameat2 through syscall(2) by its number, for a C library without the wrapper, or None."""
    number = SYS_RENAMEAT2.get(platform.machine())
    if not sys.platform.startswith("linux") or number is None:
        return None
    syscall = ctypes.CDLL(None, use_errno=True).syscall
    syscall.restype = ctypes.c_long
    # syscall() is variadic and reads every argument as a long: pass longs, not ctypes' default int.
    return lambda old, new, flags: syscall(
        ctypes.c_long(number), ctypes.c_long(AT_FDCWD), old, ctypes.c_long(AT_FDCWD), new, ctypes.c_long(flags)
    )


RENAMEAT2 = libc_renameat2() or syscall_renameat2()  # None: not Linux, or an architecture not listed


def exchange(a: Path, b: Path, renameat2: Renameat2 | None = None) -> None:
    """Swap the names a and b in one step: a reader of either name sees one whole folder, never none."""
    call = renameat2 or RENAMEAT2
    if call is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(a), None, str(b))
    if call(os.fsencode(a), os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap(stage: Path, out: Path) -> None:
    """Put stage in out's place; afterwards the name stage holds the previous out, or nothing."""
    if not os.path.lexists(out):
        os.rename(stage, out)  # the first build; we hold the lock, so no other build makes out meanwhile
        return
    try:
        exchange(stage, out)
        return
    except OSError as e:
        if e.errno not in UNSUPPORTED:
            raise
    # No exchange here: two renames, the only method before Linux 3.15 (os.rename cannot replace a non-empty
    # folder). Between them out is missing; a build killed there leaves .<out>-old-*, and the next build puts
    # it back (clear_leftovers), so out is missing only until the next build starts.
    old = out.parent / f".{out.name}-old-{os.getpid()}"
    os.rename(out, old)
    try:
        os.rename(stage, out)
    except OSError:
        os.rename(old, out)
        raise
    os.rename(old, stage)


def remove(path: Path) -> None:
    """Delete path (a folder tree or a file) if it is there; what cannot be deleted the next build removes.
    A stop waits until it is done (never half a folder left behind)."""
    with fanout.held_back(), contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def leftovers(out: Path) -> list[Path]:
    """The staging (.<name>-new-<8 hex>) and old (.<name>-old-<pid>) folders of out that builds left beside
    it: exactly the names staging and swap make, so that a user's .site-new-design is never touched."""
    ours = re.compile(rf"\.{re.escape(out.name)}-(?:new-[0-9a-f]{{8}}|old-[0-9]+)")
    with os.scandir(out.parent) as entries:
        return sorted(
            Path(e.path)
            for e in entries
            if ours.fullmatch(e.name) and (e.is_symlink() or e.is_dir(follow_symlinks=False))
        )


def clear_leftovers(out: Path) -> None:
    """Remove what killed builds of out left beside it (we hold the lock: no live build owns any of it). A
    site left in .<name>-old-* by a build killed between the fallback's two renames is put back first."""
    found = leftovers(out)
    olds = [p for p in found if p.name.startswith(f".{out.name}-old-") and not p.is_symlink()]
    if olds and not os.path.lexists(out):
        newest = max(olds, key=lambda p: (p.lstat().st_mtime, p.name))
        with contextlib.suppress(OSError):
            os.rename(newest, out)
            found.remove(newest)
    for path in found:
        remove(path)


_held: set[int] = set()  # lock file descriptors this process holds
_handlers: set[Callable] = set()  # the signal handlers stopping_on_signals installed and has not removed
_builder: list[int] = []  # the pid of this process once it has built (staging): its forks die with it
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _forked() -> None:
    """In a process forked by a build (a render worker), undo what only the build itself may hold.

    Signals get their default action back: Pool.terminate ends its workers with SIGTERM, and a worker
    with a Python-level handler can miss it (the handler runs only between bytecodes, so a SIGTERM that
    arrives just before the worker blocks on its task queue is never acted on, and terminate waits for
    it forever: seen in tests/test_output_folder.py). With the default action every SIGTERM or Ctrl-C
    ends a worker at once, silently.

    The lock is closed, and the worker dies with the build (prctl PR_SET_PDEATHSIG): a worker left behind
    by a build killed with SIGKILL would otherwise keep the next build waiting for the lock, and print a
    BrokenPipeError traceback once its pages were done. Closing a copy does not release the lock: the
    build's own descriptor still holds it."""
    for signum in (*STOP_SIGNALS, signal.SIGALRM):
        if signal.getsignal(signum) in _handlers:
            # Ctrl-C and a hang-up reach the whole process group: only the build acts on them (a worker
            # killed holding its pool's queue lock would leave the next worker waiting for it forever), and
            # ends its workers with SIGTERM, which kills them at once.
            signal.signal(signum, signal.SIG_IGN if signum in (signal.SIGINT, signal.SIGHUP) else signal.SIG_DFL)
    _handlers.clear()
    # Forked while the stops were held back (fanout.held_back): let them through, now that none of ours
    # is installed. A SIGTERM that came meanwhile is acted on here.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()
    if _builder and sys.platform.startswith("linux"):
        build = _builder.pop()
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != build:  # the build died before prctl took effect
            os._exit(1)


os.register_at_fork(after_in_child=_forked)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the build lock of out: flock on its parent folder, so no lock file is left behind and a build
    killed even with SIGKILL releases it. Builds into siblings (site/ and .site-dev/) take turns too."""
    fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    _held.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build into {out.parent} to finish …", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as e:  # a file system without flock (some NFS setups)
            raise BuildError(
                f"cannot lock {out.parent} against a second build at the same time ({e.strerror}); "
                "build on a local disk"
            ) from e
        yield
    finally:
        _held.discard(fd)
        os.close(fd)  # releases the lock


def make_folders(folder: Path) -> None:
    """Make folder and its missing parents, world-readable (mkdir alone would follow the umask)."""
    missing = [p for p in (folder, *folder.parents) if not p.is_dir()]
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        path.chmod(FOLDER_MODE)


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty sibling folder of out; on success it replaces out in one atomic step, on failure
    it is removed. One build at a time (the lock), and leftovers of killed builds go first. An OSError
    (read-only folder, full disk) becomes a BuildError saying so. Only a folder a build wrote is ever
    replaced (replaceable)."""
    replaceable(out)
    out = out.resolve()
    _builder[:] = [os.getpid()]  # the processes it forks die with it (_forked)
    # Files 0644 and folders 0755 whatever the umask of who builds: the render workers and Pagefind inherit
    # it. (A chmod of every file afterwards would do the same in 190 ms at 10,000 tasks; this costs nothing.)
    # The umask is the whole process's: the dev server's other thread only reads files meanwhile.
    umask = os.umask(SITE_UMASK)
    try:
        make_folders(out.parent)
        with locked(out):  # from before the staging folder is made until the old site is gone
            with fanout.held_back():
                clear_leftovers(out)
            stage = out.parent / f".{out.name}-new-{secrets.token_hex(4)}"  # free: we hold the lock, cleared them
            try:
                stage.mkdir()  # inside the try: a signal just after it still removes it (mkdtemp would leak it)
                (stage / MARKER).write_text(MARKER_TEXT, "utf-8")
                yield stage
                with fanout.held_back():  # a stop waits for the swap: never half swapped
                    swap(stage, out)
            finally:
                remove(stage)  # on failure the unfinished site; after the swap the previous one
    except OSError as e:
        raise BuildError(explain(e, out)) from e
    finally:
        os.umask(umask)


MARKER = ".disclosure-site"  # in every build: what says a folder may be replaced by the next one
MARKER_TEXT = "This folder is written by build.py of the disclosure site generator; each build replaces it whole.\n"


def replaceable(out: Path) -> None:
    """Refuse an output folder that a build did not write: a swap would put the site in its place and delete
    what it held (--out naming the project, data/, a home folder, or "" for the current folder)."""
    if out.is_symlink():  # a committed site -> ~ link would otherwise delete its target's files
        raise BuildError(f"{out} is a symbolic link; expected a folder to build into (links are never followed)")
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file; expected a folder to build into: choose another --out")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise BuildError(
            f"{out} holds files and no {MARKER}, so no build wrote it; expected an empty or new folder "
            f"(a build replaces its output folder whole): choose another --out, or delete {out} first"
        )


def outside_inputs(root: Path, out: Path) -> None:
    """Refuse an output folder that is the project, holds it, or lies in one of its input folders."""
    site, project = out.resolve(), root.resolve()
    if site == project or project.is_relative_to(site):
        raise BuildError(f"{out} holds the project itself; expected an output folder of its own, such as site/")
    if any(site.is_relative_to(project / folder) for folder in inputs.INPUT_FOLDERS):
        raise BuildError(f"{out} is inside the project's inputs; expected an output folder outside them, such as site/")


def explain(error: OSError, out: Path) -> str:
    """One sentence for an OSError met while building into out: what could not be done, why, what to do."""
    name = os.fsdecode(error.filename) if error.filename is not None else None
    site = name is None or concerns(Path(name), out)
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        subject = f"cannot write the site into {out}" if site else f"cannot write {name}"
        if error.errno == errno.EROFS:
            fix = "build into a writable folder with --out" if site else "make it writable"
            return f"{subject}: the folder is read-only ({reason}); {fix}"
        full = "the disk is full" if error.errno == errno.ENOSPC else "the disk quota is used up"
        return f"{subject}: {full} ({reason}); free some space and build again"
    subject = f"cannot write the site into {out}" if site else f"cannot use {name}"
    if error.errno in (errno.EACCES, errno.EPERM):
        fix = "make the folder writable for this user, or build into another one with --out" if site else ""
        return f"{subject}: permission denied ({reason})" + (f"; {fix}" if fix else "")
    return f"{subject}: {reason} ({errno.errorcode.get(error.errno or 0, 'no error number')})"


def concerns(path: Path, out: Path) -> bool:
    """Whether path is out, its parent, or in out or one of its staging and old siblings."""
    if path == out.parent:
        return True
    try:
        first = path.relative_to(out.parent).parts[0]
    except ValueError:
        return False
    return first == out.name or re.match(rf"\.{re.escape(out.name)}-(new|old)-", first) is not None


class Stopped(SystemExit):
    """The build was stopped by a signal. A SystemExit, so that no `except Exception` swallows it and
    every `finally` on the way out runs: the staging folder is removed as on an error."""

    def __init__(self, signum: int) -> None:
        self.status = 128 + signum  # the shell's convention: 143 for SIGTERM, 130 for SIGINT
        self.signal = signal.Signals(signum).name
        super().__init__(self.status)


@dataclass
class Stop:
    """A request to stop, from a signal, and how far it got."""

    signum: int = 0  # the signal that asked the build to stop; 0: none yet
    raised: bool = False  # Stopped is on its way out: a second signal must not interrupt the cleanup


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """While inside, SIGTERM, SIGINT and SIGHUP raise Stopped in this process. Forked render workers get
    the default action back (_forked): they just die, and only this process cleans up, once.

    Where a stop must wait (a pool being made or ended, the swap, a removal), the signals are held back
    (fanout.held_back): the kernel keeps a signal pending until the code is done. Inside a __del__ or a
    weakref callback an exception is only printed ("Exception ignored in …") and the code goes on, so the
    build would finish: such a Stopped is not printed (sys.unraisablehook) but raised again, RETRY seconds
    later. A second stop while the first unwinds is ignored, so a second Ctrl-C cannot break the cleanup
    (build.py ignores them from then on, until it exits)."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread can set handlers
        yield
        return
    stop = Stop()

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.raised:  # a second signal while the first one's Stopped unwinds: let the cleanup finish
            return
        if fanout.deferred(signum):  # another thread took it while this one holds the stops back
            return
        stop.signum = stop.signum or signum
        stop.raised = True
        raise Stopped(stop.signum)

    def again(signum: int, frame: FrameType | None) -> None:
        if stop.signum:
            handler(stop.signum, frame)

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        if not isinstance(info.exc_value, Stopped):
            hook(info)
        elif stop.signum:  # swallowed: raise it again, in code that lets it through
            stop.raised = False
            signal.setitimer(signal.ITIMER_REAL, RETRY)

    hook = sys.unraisablehook
    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    previous[signal.SIGALRM] = signal.signal(signal.SIGALRM, again)
    _handlers.update((handler, again))  # forked workers put the default actions back (_forked)
    sys.unraisablehook = unraisable
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)  # before SIGALRM's default action (exit) is back
        sys.unraisablehook = hook
        _handlers.difference_update((handler, again))
        for s, h in previous.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)


def target(root: Path, rel: str) -> Path:
    """Where rel goes under root; a path that could leave root is refused."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or ".." in parts or "\\" in rel:
        raise ValueError(f"refusing to write {rel!r}: output paths must stay inside the site folder")
    return root.joinpath(*parts)


def write_files(files: dict[str, bytes], root: Path) -> None:
    """Write each file under root (the dev server's updates), world-readable whatever the umask."""
    for rel, content in sorted(files.items()):
        write_file(root, rel, content)


def write_file(root: Path, rel: str, content: bytes) -> None:
    """Write one file under root, as write_files does."""
    path = target(root, rel)
    if not path.parent.is_dir():
        make_folders(path.parent)
    path.write_bytes(content)
    path.chmod(FILE_MODE)


def write_site(
    plan: Plan, render: Callable[[Page], str], root: Path, base_path: str, workers: int
) -> linkcheck.LinkChecker:
    """Write the plan's files (emptying plan.files), render and write its pages on `workers` processes,
    and check each page's links as it is rendered. Returns the checker, with the #fragments still to check."""
    paths = {rel: target(root, rel) for rel in plan.sources}  # every path refused before anything is written
    for folder in sorted({path.parent for path in paths.values()}):
        folder.mkdir(parents=True, exist_ok=True)
    while plan.files:  # written, then dropped: the workers do not need them (60 MB at 50,000 tasks)
        rel, content = plan.files.popitem()
        paths[rel].write_bytes(content)
    release_freed_memory()

    def work(pages: Sequence[Page]) -> linkcheck.Found | BuildError:
        checker = linkcheck.LinkChecker(plan.sources.keys(), base_path)
        for page in pages:
            try:
                html = render(page)
            except BuildError as e:  # returned, not raised: the first failing page in order is reported
                return e
            paths[page.file].write_bytes(html.encode("utf-8"))
            checker.page(page.file, html)
        return checker.found()

    checker = linkcheck.LinkChecker(plan.sources.keys(), base_path)
    for result in fanout.map_chunks(work, plan.pages, workers, CHUNK, listing_weight(plan.pages)):
        if isinstance(result, BuildError):
            raise result
        checker.merge(result)
    return checker


def release_freed_memory() -> None:
    """Give the C library's free memory back to the system (glibc's malloc_trim; elsewhere nothing), so
    that the render workers do not fork with it: the data files' memory, once written, and what loading left
    free, 38 MB of 356 at 50,000 tasks."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


def listing_weight(pages: Sequence[Page]) -> Callable[[Page], float]:
    """A page's guessed share of the render time, for dealing the heaviest chunks out first: a template few
    pages use is a listing of many records (the task index, a district's page), one that many use shows one
    record. 1 / the number of pages of its template: each template's pages weigh 1 together."""
    counts = Counter(page.template for page in pages)
    return lambda page: 1 / counts[page.template]
