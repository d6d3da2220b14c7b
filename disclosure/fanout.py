"""Run a function over a list in chunks on every core: forked worker processes, results in list order.

Fork, not spawn: a worker starts with the parent's loaded data and compiled templates, nothing is
pickled on the way in, and only each chunk's (small) result comes back. A process with other threads
running (the dev server) is never forked; it runs the function in-process, as do small lists and
systems without fork.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
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
        with multiprocessing.get_context("fork").Pool(min(workers, len(bounds))) as pool:
            return pool.map(_run, bounds, chunksize=1)
    finally:
        _job = None


def _run(bounds: tuple[int, int]) -> object:
    assert _job is not None
    fn, items = _job
    return fn(items[bounds[0] : bounds[1]])
