"""Run a function over a list in chunks on every core: forked worker processes, results in list order.

Fork, not spawn: a worker starts with the parent's loaded data and compiled templates, nothing is
pickled on the way in, and only each chunk's (small) result comes back, through a pipe of its own.
A process with other threads running (the dev server) is never forked; it runs the function
in-process, as do small lists and systems without fork.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from disclosure.errors import BuildError

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_chunks(fn: Callable[[Sequence[T]], R], items: Sequence[T], workers: int, chunk: int) -> list[R]:
    """[fn(items[0:chunk]), fn(items[chunk:2*chunk]), …], spread over workers processes when it pays.

    Each worker is forked with its share of the chunks (every workers-th one) and sends its results back
    through a pipe of its own. No queue and no lock is shared, so a worker killed at any moment (a Ctrl-C or
    SIGTERM to the whole process group) cannot leave the others or the build waiting: a multiprocessing
    Pool hung there about once in 40 stops. Whatever happens, every worker is killed and reaped."""
    bounds = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    if workers < 2 or len(bounds) < 2 or threading.active_count() > 1 or not hasattr(os, "fork"):
        return [fn(items)]
    shares = [bounds[i :: min(workers, len(bounds))] for i in range(min(workers, len(bounds)))]
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        with held_back():  # forked with the stops held back; write._forked lets them through in the worker
            for share in shares:
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker: never returns
                    os.close(read)
                    _work(fn, items, share, write)
                os.close(write)
                children.append((pid, read))
        results = [_receive(pid, read) for pid, read in children]  # a stop may end the wait here
    finally:
        with held_back():
            for pid, read in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)  # done already, or stopped: either way, gone
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
                os.close(read)
    ordered: list[R] = []
    for n in range(len(bounds)):
        ordered.append(results[n % len(shares)][n // len(shares)])
    return ordered


def _work(fn: Callable[[Sequence[T]], R], items: Sequence[T], share: list[tuple[int, int]], out: int) -> None:
    """In a forked worker: run fn on each chunk of the share, send the results (or the error), and exit."""
    code = 0
    try:
        try:
            data = pickle.dumps(("ok", [fn(items[a:b]) for a, b in share]))
        except BaseException as e:  # sent as text: the build reports it, the worker must not unwind
            code, data = 1, pickle.dumps(("error", "".join(traceback.format_exception(e))))
        with os.fdopen(out, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(code)  # no atexit handler, no finally of the build, no flush of its buffers


def _receive(pid: int, read: int) -> list:
    """The results a worker sent; BuildError, in one sentence, when it sent none or failed."""
    chunks = []
    while block := os.read(read, 1 << 20):
        chunks.append(block)
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:  # nothing, or half a result: the worker was killed (out of memory, a signal)
        raise BuildError(f"a render worker (process {pid}) ended without its pages; build again") from None
    if kind != "ok":
        raise BuildError(f"a render worker failed:\n{value}")
    return value


STOPS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})


_holding: list[int] = []  # one entry per held_back entered and not yet left
_pending: list[int] = []  # a stop that came meanwhile, raised again when the last held_back ends


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Hold back the stop signals: one that comes meanwhile waits, and is acted on when this ends. The
    signal mask holds them in this thread (and in the processes it forks, which write._forked lets them
    through); one that another thread of the process takes is held by deferred()."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    _holding.append(1)
    try:
        yield
    finally:
        _holding.pop()
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        if not _holding and _pending:
            signal.raise_signal(_pending.pop())  # acted on now, by the handler that deferred it


def deferred(signum: int) -> bool:
    """Whether a stop must wait for held_back to end (it is raised again there)."""
    if _holding:
        _pending[:] = [signum]
    return bool(_holding)
