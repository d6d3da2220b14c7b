"""Run a function over a list in chunks on every core: forked worker processes, results in list order.

Fork, not spawn: a worker starts with the parent's loaded data and compiled templates, nothing is
pickled on the way in, and only each chunk's (small) result comes back. A process with other threads
running (the dev server) is never forked; it runs the function in-process, as do small lists and
systems without fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_job: tuple[Callable, Sequence] | None = None  # what forked workers run: set just before the fork


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_chunks(fn: Callable[[Sequence[T]], R], items: Sequence[T], workers: int, chunk: int) -> list[R]:
    """[fn(items[0:chunk]), fn(items[chunk:2*chunk]), …], spread over workers processes when it pays."""
    global _job
    bounds = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
    forkable = "fork" in multiprocessing.get_all_start_methods()  # not on Windows
    if workers < 2 or len(bounds) < 2 or threading.active_count() > 1 or not forkable:
        return [fn(items)]
    _job = (fn, items)
    try:
        with held_back():  # the pool's threads, and every worker they fork, start with the stops held back
            pool = multiprocessing.get_context("fork").Pool(min(workers, len(bounds)))
        try:
            return pool.map(_run, bounds, chunksize=1)  # a stop (Ctrl-C, SIGTERM) may end the wait here
        finally:
            with held_back():  # never half ended: terminate kills the workers (SIGTERM) and joins them
                pool.terminate()
                pool.join()
    finally:
        _job = None


STOPS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Hold back the stop signals in this thread: one that comes meanwhile waits, and is acted on when it
    ends. A pool stopped while it is made or ended can hang the exit; a thread started inside keeps them
    held back for good, so the processes it forks start so too (write._forked lets them through)."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _run(bounds: tuple[int, int]) -> object:
    assert _job is not None
    fn, items = _job
    return fn(items[bounds[0] : bounds[1]])
