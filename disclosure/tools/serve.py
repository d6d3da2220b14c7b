"""`make serve`: rebuild on every save and reload the browser (livereload, bound to 127.0.0.1).

The first build is a full, atomic one (search index included) into a dev folder, never site/.
After that, a save parses again only the YAML files whose text changed (in a file that is one list, such
as tasks.yaml, only the items whose lines did: load.parse_again), reads again only the records whose
parsed values changed (validate.Reuse), re-renders only the pages whose facts changed
(disclosure/tools/incremental.py; every page after a template edit) and writes only the files whose bytes
changed; the search index is rebuilt when any file did (it holds what the pages show).
A bad edit never stops the server: the last good pages stay served, and an overlay on every
open page shows the errors (file:line, message) until the edit is fixed.

livereload's own watcher polls every 0.8 s and ignores a save made within 3 s of the previous
reload, so a quick second fix would not show. We keep livereload's server and reload channel and
replace its watcher: poll the sources every 0.025 s (0.6 ms a poll), rebuild once two polls agree,
reload at once.
Updates run on a thread of their own, so the server keeps serving while one runs. The pages the
browsers show (the addresses livereload.js reports) are rendered first and the browsers reloaded at
once, as Hugo's fast render mode does; then the edited records' pages, then the rest, and the browsers
reload again when the update is done.

The server talks only to its own pages (DevServer): a request whose Host is not 127.0.0.1:port or
localhost:port is refused (a page under another name resolved to 127.0.0.1, DNS rebinding, cannot read
the dev site), the reload websocket and /forcereload answer only pages of the server's own origin, and
everything printed to the console goes through terminal_safe, so what a browser sends (a URL, a request
line) or a file's name cannot drive the terminal with escape sequences.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import logging
import multiprocessing
import os
import secrets
import shutil
import signal
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, ClassVar

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import httputil, web
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.log import LogFormatter

from disclosure import urls
from disclosure.build import fanout, write
from disclosure.build.pipeline import Build, build, no_cyclic_gc
from disclosure.build.plan import Page
from disclosure.build.templating import THEME, environment, theme
from disclosure.config import Config
from disclosure.errors import BuildError, DataError
from disclosure.messages import POSITIONS, SERVE_FAILED
from disclosure.model import Site
from disclosure.outputs import search
from disclosure.source import changelog, inputs, load, validate
from disclosure.source.changelog import History
from disclosure.tools import incremental

WATCHED = ("data", "content", "templates")
WATCHED_FILES = inputs.INPUT_FILES  # site.yaml
POLL_MS = 25  # a save is seen 25-50 ms after it is written (50-100 ms at 50)
# Seconds without a save before the search index is made again: sending the model to the indexing process
# (pickled: 0.16 s at 10,000 tasks) holds the interpreter's lock, which the next save's update waits for.
QUIET = 0.3
# The render workers' priority below the server's and the browser's: they render the pages not open, while
# the browser loads the one that is (at the same priority, it took 1.2 s to load at 10,000 tasks).
WORKER_NICE = 5
DOWNLOADS_PAGE = urls.output_file(urls.DOWNLOADS)  # the one page that shows what plan_files made (their sizes)
DEV_FOLDER = "dev"  # in the served folder: the overlay (build/plan.DEV_FILES) and the last build's status

# The inline snippet livereload 2.7 injects into every page (livereload/server.py, liveport unset); DevServer
# injects this very text, so the hash below always matches it. Our Content-Security-Policy forbids inline
# scripts, so the dev build allows this one by its hash.
LIVE_SNIPPET = (
    '(function(){var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);})();"
)
LIVE_SNIPPET_HASH = "sha256-" + base64.b64encode(hashlib.sha256(LIVE_SNIPPET.encode()).digest()).decode()

Snapshot = dict[str, tuple[int, int]]
MISSING = object()

LOOPBACK_NAMES = ("127.0.0.1", "localhost")  # the names a browser on this machine reaches the server by
# What a terminal may act on instead of showing: controls (C0, DEL, C1: ESC, CSI U+009B, BEL, CR), format
# characters (bidi overrides and isolates, zero-width ones), surrogates (from undecodable file names),
# private use, line and paragraph separators. Spaces and unassigned code points are shown as they are.
TERMINAL_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def terminal_safe(text: str, keep_newlines: bool = False) -> str:
    """Show every character a terminal could act on as an escape (\\x1b, \\u202e); newlines stay if asked."""
    if text.isprintable():  # no Other or Separator character at all: the common case, and fast
        return text
    return "".join(
        char
        if unicodedata.category(char) not in TERMINAL_UNSAFE or (keep_newlines and char == "\n")
        else repr(char)[1:-1]  # as Python writes it: \t, \x1b, \x9b, \u202e, \udcff
        for char in text
    )


def say(text: str) -> None:
    """Print a line (or several) of ours to the console, terminal-safe."""
    print(terminal_safe(text, keep_newlines=True), flush=True)


def digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def snapshot(root: Path) -> Snapshot:
    """Modification time and size of every file under the watched folders, and of the watched root files."""
    return {
        p.relative_to(root).as_posix(): (st.st_mtime_ns, st.st_size)
        for p in [
            *(root / name for name in WATCHED_FILES),
            *(q for f in WATCHED for q in sorted((root / f).rglob("*"))),
        ]
        if p.is_file() and (st := p.stat())
    }


class DevSite:
    """The served folder and how to bring it up to date after an edit."""

    def __init__(self, root: Path, out: Path, config: Config, port: int = 8000, workers: int = 0) -> None:
        self.root, self.out = root, out
        self.workers = workers  # render processes for a save that makes many pages stale (RenderPool); 0: none
        self.pool: RenderPool | None = None  # started after the first full build, which knows the history
        self.pool_from = 500  # stale records' pages from which the pool renders them: below, it costs more
        self.config = dataclasses.replace(  # the only build whose pages link to 127.0.0.1: served here
            config,
            site_url=f"http://127.0.0.1:{port}",
            base_path="/",  # served at /, whatever path the published site has (--base-path, BASE_PATH)
            script_hashes=(LIVE_SNIPPET_HASH,),
            dev=True,
        )
        self.digests: dict[str, bytes] = {}  # what is on disk (search index aside): file -> digest
        self.written_at: dict[str, float] = {}  # file -> when an update last wrote it (time.monotonic)
        self.keys: dict[str, Hashable] = {}  # page file -> what it was rendered from (incremental.page_keys)
        self.site_key: Hashable = None
        self.facts: incremental.Table = {}  # the keys' facts (incremental.Facts), for the next build to compare
        self.parsed: load.Parsed = {}  # YAML files (and list items) parsed last time, reused while unchanged
        self.reuse = validate.Reuse()  # the records read last time, reused while what they are read from is
        self.index_next: Site | None = None  # data waiting to be indexed
        self.index_due = False  # an update that stopped or failed wrote pages: index after the next, whatever it writes
        self.index_lock = threading.Lock()
        self.indexer: multiprocessing.process.BaseProcess | None = None  # the one making the search index
        self.closing = False  # close() was called: the server is stopping
        self.env = environment(root / "templates", self.config)  # compiled templates kept between saves
        self.history = changelog.UNAVAILABLE  # committed history, from the first full build: an unsaved edit
        # does not change it
        self.shown: Callable[[], Iterable[str]] = tuple  # the paths of the pages the browsers show (serve())
        self.saves = 0  # saves seen (supersede): an update of an earlier one stops at its next step
        self.unfinished: set[str] = set()  # what the updates that failed or stopped were for (files changed)

    def full_build(self) -> str | None:
        """A full, atomic build, search index included; the error, if it failed."""
        try:
            report = build(self.root, self.out, self.config, kept=(self.parsed, self.reuse))
        except (DataError, BuildError) as e:
            self.digests = {}
            if self.out.is_dir():
                self.write_status(str(e))
            return str(e)
        assert report.site is not None and report.plan is not None
        self.history = report.history
        if self.workers > 1 and self.pool is None:
            self.pool = RenderPool(self.root, self.config, self.history, self.workers)
            self.pool.latest.value = self.saves
        self.digests = {rel: digest((self.out / rel).read_bytes()) for rel in report.plan.sources}
        facts = incremental.Facts(self.facts)
        self.keys = incremental.page_keys(report.plan.pages, facts)
        self.site_key = incremental.site_key(report.site, facts)
        self.facts = facts.table
        self.unfinished = set()
        self.write_status(None)
        return None

    def supersede(self) -> int:
        """A save came in: its update's number (update's save). An update of an earlier save running now,
        or waiting to, stops at its next step (Superseded) and leaves its work to this one's."""
        self.saves += 1
        if self.pool is not None:
            self.pool.latest.value = self.saves
        return self.saves

    @no_cyclic_gc()
    def update(self, changed: list[str], reload: Callable[[], None] = lambda: None, save: int | None = None) -> str:
        """Bring the served folder up to date, rendering again only the pages the edit changed, and reload
        the browsers each time what they show is written: first the pages they show (Hugo's fast render
        does the same), then the pages of the edited records, then the indexes and data files, which cost
        most at 10,000 tasks. A data error, or a template error on a record's page, leaves every file as it
        was; a template error on an index page (found after the records' pages are written) leaves the
        indexes and data files as they were. With save (supersede), it stops at its next step once a
        newer save has come in; an update that failed or stopped leaves what it was for to the next."""
        started = time.perf_counter()
        changed = sorted(self.unfinished.union(changed))  # a template edit whose update failed: still to render

        def go_on() -> None:
            if save is not None and self.saves > save:
                raise Superseded

        if not self.digests:  # the last full build failed: we do not know what is on disk
            error = self.full_build()
            took = f"{time.perf_counter() - started:.2f} s"
            return f"{SERVE_FAILED}\n{error}" if error else f"完整构建用时 {took}"
        run = Build(self.root, self.config, self.env, self.history)  # the full build's steps, in its order
        shown = self.shown_files()
        before: dict[str, bytes | None] = {}  # the shown pages as they were (None: none), put back on an error
        written: list[str] = []
        try:
            go_on()  # waited behind an update that a newer save has stopped: nothing to do before that save's
            site = run.validate(run.read(self.parsed), self.reuse)
            plan = run.plan_pages()
            first = {p.file: p for p in plan.pages if p.file in shown and p.file != DOWNLOADS_PAGE}
            rendered = {file: run.render(page) for file, page in first.items()}
            before = {file: (self.out / file).read_bytes() if file in self.digests else None for file in rendered}
            if written := self.write(rendered):
                reload()
            go_on()
            facts = incremental.Facts(self.facts)  # the records' pages' keys first: the browser waits for those
            key = incremental.site_key(site, facts)
            everything = (
                key != self.site_key or any(c.startswith("templates/") for c in changed) or self.overrides_theme()
            )

            def keys_of(pages: list[Page]) -> dict[str, Hashable]:  # 0.4 s for 11,580 pages: stopped between
                keys = {}  # every 1,000 when a newer save comes in
                for start in range(0, len(pages), 1000):
                    go_on()
                    keys |= {page.file: facts.of_context(page.context) for page in pages[start : start + 1000]}
                return keys

            def stale_of(pages: list[Page]) -> list[Page]:
                return [
                    p
                    for p in pages
                    if everything or keys[p.file] is None or self.keys.get(p.file, MISSING) != keys[p.file]
                ]

            records = [page for page in plan.pages if incremental.shows_a_record(page)]
            others = [page for page in plan.pages if not incremental.shows_a_record(page)]
            keys = {} if everything else keys_of(records)  # after a template edit, all are stale anyway
            stale = stale_of(records)  # the edited ones
            todo = [page for page in stale if page.file not in first]
            if self.pool is not None and len(todo) >= self.pool_from:
                fresh = self.render_on_pool([page.file for page in todo], save)
            else:
                fresh = self.write({page.file: run.render(page) for page in todo})
            if fresh and (not shown or shown & set(fresh)):  # none known shown: any page may be
                reload()
            written += fresh
            before = {file: old for file, old in before.items() if not incremental.shows_a_record(first[file])}
            go_on()
            # After a template edit, the records' pages' keys are reduced once the browser has reloaded
            # (0.9 s at 10,000 tasks: reduced while the workers rendered, they took that from the workers)
            keys |= keys_of(records) if everything else {}
            self.keys |= {page.file: keys[page.file] for page in stale}
            keys |= keys_of(others)
            stale += (rest_stale := stale_of(others))
            go_on()
            run.plan_files(go_on)  # before the downloads page
            rest = {}
            for page in rest_stale:
                if page.file not in first:
                    go_on()
                    rest[page.file] = run.render(page)
        except Superseded:  # what it wrote is of a newer state than its keys: rendered again next time
            for file in written:
                self.keys.pop(file, None)
            self.unfinished.update(changed)
            self.index_due |= bool(written)
            return f"有新的保存,这次更新停在半路,由下一次接着做(已写入 {len(written)} 个文件)"
        except (DataError, BuildError) as e:
            self.put_back(before)
            self.unfinished.update(changed)
            self.index_due |= bool(written)  # some may stay (the records' pages before an index page's error)
            self.write_status(str(e))
            return f"{SERVE_FAILED}\n{e}"
        written += self.write(rest | plan.files)
        gone = self.digests.keys() - plan.sources.keys()
        for rel in gone:
            (self.out / rel).unlink(missing_ok=True)
            del self.digests[rel]
        self.wrote(gone)
        self.keys, self.site_key, self.facts = keys, key, facts.table
        self.unfinished = set()
        self.write_status(None)
        if written or gone or self.index_due:  # the index holds what the pages show (search.page_text)
            self.index_next, self.index_due = site, False
        took = f"{time.perf_counter() - started:.2f} s"
        counts = f"{len(stale)}/{len(plan.pages)} 个页面" + (f"(浏览器正打开的 {len(first)} 个最先)" if first else "")
        counts += f",写入 {len(written)} 个文件,删除 {len(gone)} 个"
        return f"重新生成了 {counts},用时 {took}"

    def put_back(self, files: dict[str, bytes | None]) -> None:
        """Write these files as they were before this update (None: there was none)."""
        self.write({file: old for file, old in files.items() if old is not None})
        for file in [file for file, old in files.items() if old is None and file in self.digests]:
            (self.out / file).unlink(missing_ok=True)
            del self.digests[file]
            self.wrote([file])

    def shown_files(self) -> set[str]:
        """The files of the pages the browsers show (their addresses, from livereload.js; the server
        serves the folder at /, whatever the base path)."""
        return {urls.output_file(path.removeprefix("/")) for path in self.shown()}

    def render_on_pool(self, files: list[str], save: int | None) -> list[str]:
        """Render these pages on the worker processes, which write those whose bytes changed; which."""
        assert self.pool is not None
        fresh = self.pool.render(files, self.digests, self.out, save)
        self.digests |= fresh
        self.wrote(fresh)
        return list(fresh)

    def overrides_theme(self) -> bool:
        """Whether one of the site's own templates differs from the default theme's of its name. A page's key
        holds what the default theme's template shows of its edition (its year); an override may show more
        (how many tasks it has), so such a site renders every page on every save."""
        templates = self.root / "templates"
        if len(theme(templates)) == 1 or not templates.is_dir():
            return False
        for own in templates.rglob("*.html"):
            default = THEME / own.relative_to(templates)
            if default.is_file() and default.read_bytes() != own.read_bytes():
                return True
        return False

    def write(self, files: dict[str, str | bytes]) -> list[str]:
        """Write the files whose bytes changed; which."""
        encoded = {
            rel: content.encode("utf-8") if isinstance(content, str) else content for rel, content in files.items()
        }
        fresh = {rel: content for rel, content in encoded.items() if self.digests.get(rel) != digest(content)}
        write.write_files(fresh, self.out)
        self.digests |= {rel: digest(content) for rel, content in fresh.items()}
        self.wrote(fresh)
        return list(fresh)

    def wrote(self, files: Iterable[str]) -> None:
        """Note when these files were written (before the browsers are told to reload): a page loaded before
        that whose browser was reconnecting then reloads when it connects (DevLiveReloadHandler)."""
        now = time.monotonic()
        self.written_at.update(dict.fromkeys(files, now))

    def reindex(self) -> str:
        """Rebuild the search index for the last data (a worker thread, after the reload: pages first), once
        no save has come in for QUIET seconds."""
        with self.index_lock:
            while not self.closing:
                seen = self.saves
                time.sleep(QUIET)
                if self.saves == seen:
                    break
            if self.closing:  # the server is stopping: no index to make
                return ""
            site, self.index_next = self.index_next, None
            if site is None:
                return ""
            started = time.perf_counter()
            try:
                self.swap_index(site)
            except BuildError as e:
                return "" if self.closing else f"搜索索引没有重建:\n{e}"
            return f"搜索索引已重建,用时 {time.perf_counter() - started:.2f} s"

    def swap_index(self, site: Site) -> None:
        """Index into a scratch folder, then swap pagefind/ in, so no request sees half an index. The index
        is made in a process of its own at a lower priority (_index): in this one, reading 11,580
        pages held the interpreter's lock for 5 s at 10,000 tasks, which the next edit's update waited for."""
        scratch = self.out / DEV_FOLDER / "next-index"
        shutil.rmtree(scratch, ignore_errors=True)
        context = multiprocessing.get_context("forkserver")  # this process has threads: it must not fork
        answer, send = context.Pipe(duplex=False)
        self.indexer = context.Process(target=_index, args=(site, scratch, self.out, send, os.getpid()), daemon=True)
        self.indexer.start()
        send.close()
        try:
            kind, message = answer.recv()
        except EOFError:  # killed: out of memory, a signal, or close()
            kind, message = "build", "建索引的进程意外退出了,下次保存时会再建。"
        finally:
            answer.close()
            self.indexer.join()
        if kind != "ok":
            raise BuildError(message)
        old = self.out / DEV_FOLDER / "old-index"
        shutil.rmtree(old, ignore_errors=True)
        (self.out / "pagefind").rename(old)
        (scratch / "pagefind").rename(self.out / "pagefind")
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)

    def close(self) -> None:
        """End the search index being made, if any, and its Pagefinds: the server is stopping."""
        self.closing, indexer = True, self.indexer
        if indexer is not None and indexer.pid is not None and indexer.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(indexer.pid, signal.SIGKILL)
        if self.pool is not None:
            self.pool.close()

    def write_status(self, error: str | None) -> None:
        """What the overlay script reads on every page load: the last build's error, or none."""
        folder = self.out / DEV_FOLDER
        folder.mkdir(exist_ok=True)
        status = {"ok": error is None, "error": error or "", "positions": POSITIONS}
        (folder / "status.json").write_text(json.dumps(status, ensure_ascii=False), "utf-8")


class Superseded(Exception):
    """A newer save came in while an update ran (DevSite.supersede)."""


class RenderPool:
    """Worker processes that render many pages at once (a template or registry edit: every page), so that
    the dev server uses every core. The server has threads, and a process with threads must not fork
    (fanout.py never does there): the workers come from multiprocessing's forkserver, a process of its
    own with no thread, started once. Each worker keeps what the server keeps between saves (the YAML
    parsed last time, the compiled templates), reads and checks the sources again itself (cheaper than
    sending the model), renders its share of the pages asked for and writes those whose bytes changed."""

    def __init__(self, root: Path, config: Config, history: History, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")
        self.workers = workers
        self.latest = context.Value("q", 0, lock=False)  # the last save's number (DevSite.supersede), for the
        # workers: one writer, and a worker reading it a moment late only renders a page more
        self.executor = ProcessPoolExecutor(
            workers, context, initializer=_start_worker, initargs=(root, config, history, os.getpid(), self.latest)
        )
        for future in [self.executor.submit(_render_share, [], {}, "", None) for _ in range(workers)]:
            future.result()  # each worker parses the sources and compiles the templates once, now

    def render(self, files: list[str], digests: dict[str, bytes], out: Path, save: int | None) -> dict[str, bytes]:
        """{file: digest} of the pages whose bytes changed, moved into out only once every worker has
        rendered its share (so an error leaves every page as it was). BuildError or DataError as a render
        in this process would raise; Superseded, with nothing moved, once a save newer than save came in."""
        scratch = out / DEV_FOLDER / "rendering"
        shutil.rmtree(scratch, ignore_errors=True)
        shares = [files[i :: self.workers] for i in range(self.workers)]
        futures = [
            self.executor.submit(_render_share, s, {f: digests.get(f) for f in s}, str(scratch / str(i)), save)
            for i, s in enumerate(shares)
        ]
        fresh: dict[str, tuple[bytes, Path]] = {}
        try:
            results = [future.result() for future in futures]
            if any(kind == "superseded" for kind, _ in results):
                raise Superseded
            for (kind, value), i in zip(results, range(self.workers), strict=True):
                if kind == "data":
                    raise DataError(value)
                if kind == "build":
                    raise BuildError(value)
                fresh |= {rel: (d, scratch / str(i)) for rel, d in value.items()}
            for rel, (_, folder) in sorted(fresh.items()):
                path = write.target(out, rel)
                if not path.parent.is_dir():
                    write.make_folders(path.parent)
                write.target(folder, rel).replace(path)
        finally:
            discard(scratch)
        return {rel: d for rel, (d, _) in fresh.items()}

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def discard(folder: Path) -> None:
    """Remove a folder on a thread of its own: after a newer save or an error, the render workers' scratch
    holds thousands of pages (0.26 s to remove on an ext4 disk), which the next update need not wait for.
    A server stopped meanwhile leaves it behind, and the next full build replaces the whole served folder."""
    discarded = folder.with_name(f"discarded-{secrets.token_hex(4)}")
    try:
        folder.rename(discarded)
    except FileNotFoundError:  # none: the workers wrote nothing
        return
    except OSError:  # (in a finally: never raise over the error being reported) removed here, then
        shutil.rmtree(folder, ignore_errors=True)
        return
    threading.Thread(target=shutil.rmtree, args=(discarded, True), daemon=True).start()


_worker: dict[str, Any] = {}  # in a render worker: the project, its address, and what is kept between saves


def _start_worker(root: Path, config: Config, history: History, server: int, latest: Any) -> None:
    os.nice(WORKER_NICE)
    env = environment(root / "templates", config)
    _worker.update(root=root, config=config, history=history, parsed={}, reuse=validate.Reuse(), env=env, latest=latest)
    threading.Thread(target=_end_with, args=(server,), daemon=True).start()


def _index(site: Site, scratch: Path, out: Path, answer: Connection, server: int) -> None:
    """In the indexing process: search.index at a lower priority than the server's (Pagefind, started from
    here, lower still), so that the pages of the next edit are not slowed down by the index of the last one;
    a process group of its own, which close() ends with its Pagefinds. Sends ("ok", "") or ("build", error)."""
    os.setpgrp()
    os.nice(10)
    threading.Thread(target=_end_with, args=(server,), daemon=True).start()
    try:
        search.index(site, scratch, background=True, pages=out, previous=out)
        answer.send(("ok", ""))
    except BuildError as e:
        answer.send(("build", str(e)))


def _end_with(server: int) -> None:
    """In a render or indexing worker: exit once the server has (stopped by a signal, it cannot tell them)."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(server, 0)
        except ProcessLookupError:
            os._exit(0)


def _render_share(files: list[str], digests: dict[str, bytes | None], out: str, save: int | None) -> tuple[str, Any]:
    """In a render worker: the server's steps up to planning, then the pages named rendered, and written
    where their bytes changed; ("ok", {file: digest}), the error's kind and what it says, or ("superseded",
    None) as soon as a save newer than save has come in."""
    run = Build(_worker["root"], _worker["config"], _worker["env"], _worker["history"])
    latest = _worker["latest"]
    fresh = {}
    try:
        run.validate(run.read(_worker["parsed"]), _worker["reuse"])
        plan = run.plan_pages()
        wanted = set(files)
        for page in plan.pages:
            if page.file in wanted:
                if save is not None and latest.value > save:
                    return "superseded", None
                content = run.render(page).encode("utf-8")
                # Written at once, so that a newer save stops the writing too: 5,000 task pages took 0.79 s
                # to write to an idle ext4 disk, and written after the rendering they held a newer save
                # back for up to 4.5 s (benchmarks/RESULTS.md, 2026-12-05).
                if digests.get(page.file) != (hashed := digest(content)):
                    write.write_file(Path(out), page.file, content)
                    fresh[page.file] = hashed
    except DataError as e:
        return "data", e.problems
    except BuildError as e:
        return "build", str(e)
    return "ok", fresh


class SourceWatcher(Watcher):
    """Replaces livereload's watcher (see the module docstring)."""

    def __init__(self, root: Path, on_change: Callable[[list[str]], None]) -> None:
        super().__init__()
        self.root, self.on_change = root, on_change
        self.seen = snapshot(root)
        self.pending: Snapshot | None = None
        for folder in WATCHED:
            self.watch(str(root / folder))  # registered, so that livereload does not watch the working folder

    def start(self, callback: Callable[[], None]) -> bool:
        PeriodicCallback(self.poll, POLL_MS).start()
        return True  # livereload starts no polling of its own

    def poll(self) -> None:
        now = snapshot(self.root)
        if now == self.seen:
            self.pending = None
            return
        if now != self.pending:  # still being saved: wait until two polls agree
            self.pending = now
            return
        changed = sorted(k for k in now.keys() | self.seen.keys() if now.get(k) != self.seen.get(k))
        self.seen, self.pending = now, None
        self.on_change(changed)


class TerminalSafeLog(logging.Filter):
    """Escape a record's message and traceback (a browser's URL, a request line) before it is printed."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The whole message is escaped, newlines too: livereload puts the browser's text into the format
        # string itself ("Browser Connected: %s" % url), so arguments cannot be told from the message, and
        # one record stays one line that a forged newline cannot extend. Escaping is idempotent, so a
        # record passing two handlers is unchanged by the second.
        record.msg, record.args = terminal_safe(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = terminal_safe(record.exc_text, keep_newlines=True)
        if record.stack_info:
            record.stack_info = terminal_safe(record.stack_info, keep_newlines=True)
        return True


class DevApplication(web.Application):
    """livereload's tornado application, answering only requests addressed to this server."""

    def __init__(self, port: int, handlers: list[Any], transforms: list[type[web.OutputTransform]]) -> None:
        super().__init__(handlers=handlers, transforms=transforms)
        default_port = [""] if port == 80 else []  # a browser leaves out the scheme's default port
        self.hosts = frozenset(f"{name}{suffix}" for name in LOOPBACK_NAMES for suffix in (f":{port}", *default_port))
        self.origins = frozenset(f"http://{host}" for host in self.hosts)

    def find_handler(self, request: httputil.HTTPServerRequest, **kwargs: Any) -> httputil.HTTPMessageDelegate:
        """Refuse a request for another host name before any handler sees it (DNS rebinding)."""
        # Every request is routed here first, pages, static files and the websocket alike, so no handler,
        # present or future, can forget the check. The server listens on 127.0.0.1 only, but a page under
        # any name the attacker points at 127.0.0.1 reaches it too: its Host header names it.
        if request.headers.get("Host", "").lower() not in self.hosts:
            why = f"refused: this dev server answers only to Host {' or '.join(sorted(self.hosts))}"
            return self.get_handler_delegate(request, Refused, {"status": 421, "why": why})
        return super().find_handler(request, **kwargs)

    def foreign(self, request: httputil.HTTPServerRequest) -> str | None:
        """Why a request does not come from one of this server's pages; None if it does."""
        # A browser sends Origin with every websocket handshake, but not with a plain GET such as an <img>
        # a foreign page points at /forcereload, and that page can suppress Referer too (referrerpolicy):
        # so the request must prove where it comes from, by Origin or else by Referer, and one that names
        # neither is refused. Tools other than browsers can send the header: curl -H 'Origin: http://...'.
        origin = request.headers.get("Origin")
        if origin is None and (referer := request.headers.get("Referer")):
            parts = urllib.parse.urlsplit(referer)
            origin = f"{parts.scheme}://{parts.netloc}"
        if origin is not None and origin.lower() in self.origins:
            return None
        return f"refused: {request.path} answers only pages of {' or '.join(sorted(self.origins))}"


class Refused(web.RequestHandler):
    """A refusal: a status and a one-line plain-text reason, whatever the method."""

    def initialize(self, status: int, why: str) -> None:
        self.status, self.why = status, why

    def prepare(self) -> None:
        refuse(self, self.status, self.why)


def refuse(handler: web.RequestHandler, status: int, why: str) -> None:
    """End the request with status and why, before the handler's method runs."""
    handler.set_status(status)
    handler.set_header("Content-Type", "text/plain; charset=utf-8")
    handler.finish(why + "\n")


class OwnPagesOnly(web.RequestHandler):
    """Mixed into livereload's handlers: refuse a request that no page of this server sent."""

    application: DevApplication

    def prepare(self) -> None:
        if why := self.application.foreign(self.request):
            refuse(self, 403, why)


class DevLiveReloadHandler(OwnPagesOnly, LiveReloadHandler):
    """The reload websocket, for this server's pages only (livereload's accepts every origin); it notes
    the path of the page at its other end, for the update to render first (shown)."""

    # livereload's methods name LiveReloadHandler itself (waiters, watcher), so this subclass shares its
    # state: LiveReloadHandler.reload_waiters still reaches the pages connected here.
    paths: ClassVar[dict[DevLiveReloadHandler, str]] = {}  # an open page's websocket -> its page's path
    paths_lock = threading.Lock()  # written on the server's thread, read on the updates'
    # A reload sent while a page is loading (its websocket not yet open again) does not reach it: two updates
    # a moment apart left the page of the first. So a page whose file was written after the page was served
    # is told to reload as soon as it connects. Both on the server's thread: path -> when last served.
    served: ClassVar[dict[str, float]] = {}
    written_at: ClassVar[dict[str, float]] = {}  # DevSite.written_at: file -> when last written

    @classmethod
    def shown(cls) -> list[str]:
        with cls.paths_lock:
            return list(cls.paths.values())

    def on_message(self, message: str | bytes) -> None:
        super().on_message(message)
        with contextlib.suppress(ValueError):  # livereload has read it already: not JSON, it ends there
            said = json.loads(message)
            if isinstance(said, dict) and said.get("command") == "info" and isinstance(said.get("url"), str):
                path = urllib.parse.unquote(urllib.parse.urlsplit(said["url"]).path)
                with self.paths_lock:
                    self.paths[self] = path
                written = self.written_at.get(urls.output_file(path.removeprefix("/")), 0.0)
                if written > self.served.get(path, written):  # written after it was served: missed a reload
                    self.write_message({"command": "reload", "path": path, "liveCSS": False, "liveImg": False})

    def on_close(self) -> None:
        super().on_close()
        with self.paths_lock:
            self.paths.pop(self, None)

    def check_origin(self, origin: str) -> bool:
        # prepare() has refused every other origin already; this keeps tornado's own check (after prepare)
        # from being the "accept all" livereload sets.
        return origin.lower() in self.application.origins


class DevForceReloadHandler(OwnPagesOnly, ForceReloadHandler):
    """/forcereload?path=…, which reloads every open page, for this server's pages only."""


class DevServer(Server):
    """livereload's server, talking only to its own pages, its log made terminal-safe."""

    def application(
        self, port: int, host: str, liveport: int | None = None, debug: bool | None = None, live_css: bool = True
    ) -> None:
        """Listen with livereload's handlers (liveport unset, no debug), confined to this server's pages."""
        # livereload builds and starts its tornado Application inside this method, with handlers that
        # accept any Host and any Origin, and offers no option or hook to change them: so this method is
        # replaced whole. /livereload.js stays open to every origin: it is livereload's public client script,
        # loaded by a <script> tag (which sends no Origin), and tells nothing about the site.
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css

        class InjectSnippet(LiveScriptInjector):
            script = f'<script type="text/javascript">{LIVE_SNIPPET}</script>'.encode()

            def __init__(self, request: httputil.HTTPServerRequest) -> None:
                super().__init__(request)
                DevLiveReloadHandler.served[urllib.parse.unquote(request.path)] = time.monotonic()

        handlers = [
            (r"/livereload", DevLiveReloadHandler),
            (r"/forcereload", DevForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            *self.get_web_handlers(InjectSnippet.script),
        ]
        DevApplication(port, handlers, [InjectSnippet]).listen(port, address=host)

    def _setup_logging(self) -> None:
        """Log livereload's and tornado's records (and any other library's) through TerminalSafeLog."""
        # livereload's own setup, which serve() calls before anything is logged, adds a plain handler to
        # its logger and tornado's; one handler on the root logger, escaping, takes their place (tornado's
        # access log, asyncio's errors and every other logger propagate to it).
        logging.getLogger("livereload").setLevel(logging.INFO)
        root = logging.getLogger()
        if not any(isinstance(f, TerminalSafeLog) for h in root.handlers for f in h.filters):
            channel = logging.StreamHandler()
            channel.setFormatter(LogFormatter())
            channel.addFilter(TerminalSafeLog())
            root.addHandler(channel)


def serve(root: Path, out: Path, config: Config, port: int) -> int:
    """Build once, then serve out/ on 127.0.0.1:port, updating it whenever a watched file changes."""
    dev = DevSite(root, out, config, port, workers=fanout.cores())
    dev.shown = DevLiveReloadHandler.shown
    DevLiveReloadHandler.written_at = dev.written_at
    if error := dev.full_build():
        say(f"\n{SERVE_FAILED}\n{error}\n")
        if not out.is_dir():
            say("还没有上一次成功构建的页面可以显示:请改正错误后重新运行 make serve。")
            return 1
        say("正在显示上一次成功构建的页面,每个页面上都显示这个错误。")

    loop = IOLoop.current()
    updates = ThreadPoolExecutor(max_workers=1)  # one update at a time, in order, while the server serves
    indexing = ThreadPoolExecutor(max_workers=1)  # the search index after the pages (dev.reindex coalesces)

    def on_change(changed: list[str]) -> None:
        save = dev.supersede()  # on the server's thread, at once: an update running now stops at its next step

        def reload() -> None:
            loop.add_callback(LiveReloadHandler.reload_waiters, changed[0])

        def update() -> None:
            report = dev.update(changed, reload, save)
            say(f"已改动:{'、'.join(map(terminal_safe, changed))}\n{report}")  # a file name may hold a newline
            if dev.saves == save:  # again, for the indexes and any page open on them; after a newer save, its
                reload()  # update does (now, the browsers would be loading when it sends its first reload)
            if dev.index_next is not None:
                indexing.submit(lambda: say(dev.reindex()))

        updates.submit(update)

    server = DevServer(watcher=SourceWatcher(root, on_change))
    say(f"正在 http://127.0.0.1:{port}{dev.config.base_path} 提供 {terminal_safe(str(out))}(按 Ctrl-C 停止)")
    try:
        server.serve(host="127.0.0.1", port=port, root=str(out), open_url_delay=None)
    finally:  # a Ctrl-C: the index being made would keep the server waiting for it
        dev.close()
    return 0
