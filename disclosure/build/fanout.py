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
import struct
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from disclosure.errors import BuildError

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_chunks(
    fn: Callable[[Sequence[T]], R],
    items: Sequence[T],
    workers: int,
    chunk: int,
    weight: Callable[[T], float] | None = None,
) -> list[R]:
    """[fn(items[0:chunk]), fn(items[chunk:2*chunk]), …], spread over workers processes when it pays.

    This process is one of the workers: it forks workers - 1 others (each fork adds the copy of what that
    worker touches of the model, about 100 MB at 50,000 tasks). The workers take the chunks one at a time,
    as each finishes the last, from one pipe this process fills with their numbers: heaviest first by weight
    (the sum of its items'; else in order), so that one long chunk at the end does not leave the other
    workers idle (a district page takes as long as 300 task pages; dealt out in turn, one worker went on
    alone for a sixth of the build). When the pipe is full, this process takes a chunk meanwhile. A pipe's
    reads and writes of a few bytes are atomic, so no lock is shared; each forked worker sends its results
    back through a pipe of its own. A worker killed at any moment (a Ctrl-C or SIGTERM to the whole process
    group) cannot leave the others or the build waiting: a multiprocessing Pool hung there about once in 40
    stops. Whatever happens, every worker is killed and reaped."""
    bounds = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    if workers < 2 or len(bounds) < 2 or threading.active_count() > 1 or not hasattr(os, "fork"):
        return [fn(items)]
    if weight is None:
        order = list(range(len(bounds)))
    else:
        weights = [sum(weight(item) for item in items[a:b]) for a, b in bounds]
        order = sorted(range(len(bounds)), key=lambda n: -weights[n])  # stable: ties in order
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    numbers, dealer = os.pipe()  # the chunks' numbers, 4 bytes each, read by whichever worker is free
    try:
        with held_back():  # forked with the stops held back; write._forked lets them through in the worker
            for _ in range(min(workers, len(bounds)) - 1):  # this process is a worker too
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker: never returns
                    os.close(read)
                    os.close(dealer)
                    _work(fn, items, bounds, numbers, write)
                os.close(write)
                children.append((pid, read))
        results: dict[int, R] = {}
        mine = _chunks(fn, items, bounds, numbers)  # the chunks this process takes, from the same pipe
        os.set_blocking(dealer, False)
        for n in order:
            while True:
                try:
                    os.write(dealer, CHUNK_NUMBER.pack(n))
                    break
                except BlockingIOError:  # the pipe is full (64 kB): this process takes the next chunk meanwhile
                    results.update([next(mine)])
        os.close(dealer)
        dealer = -1
        results.update(mine)  # until the pipe is empty
        for pid, read in children:  # a stop may end the wait here
            results.update(_receive(pid, read))
    finally:
        with held_back():
            for fd in (numbers, dealer):
                if fd >= 0:
                    os.close(fd)
            for pid, read in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)  # done already, or stopped: either way, gone
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
                os.close(read)
    if len(results) != len(bounds):  # a worker ended early and cleanly: cannot happen, but never half a site
        raise BuildError("a render worker ended without its pages; build again")
    return [results[n] for n in range(len(bounds))]


CHUNK_NUMBER = struct.Struct("<I")


def _work(
    fn: Callable[[Sequence[T]], R], items: Sequence[T], bounds: list[tuple[int, int]], numbers: int, out: int
) -> None:
    """In a forked worker: run fn on each chunk whose number it reads, send the results (or the error), and exit."""
    code = 0
    try:
        try:
            data = pickle.dumps(("ok", list(_chunks(fn, items, bounds, numbers))))
        except BaseException as e:  # sent as text: the build reports it, the worker must not unwind
            code, data = 1, pickle.dumps(("error", "".join(traceback.format_exception(e))))
        with os.fdopen(out, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(code)  # no atexit handler, no finally of the build, no flush of its buffers


def _chunks(
    fn: Callable[[Sequence[T]], R], items: Sequence[T], bounds: list[tuple[int, int]], numbers: int
) -> Iterator[tuple[int, R]]:
    """(number, fn of the chunk) for each chunk number read from the pipe, until it is empty and closed."""
    while number := os.read(numbers, CHUNK_NUMBER.size):
        (n,) = CHUNK_NUMBER.unpack(number)
        a, b = bounds[n]
        yield n, fn(items[a:b])


def _receive(pid: int, read: int) -> list[tuple[int, R]]:
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
