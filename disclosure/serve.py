"""`make serve`: rebuild on every save and reload the browser (livereload, bound to 127.0.0.1).

The first build is a full, atomic one (search index included) into a dev folder, never site/.
After that, a save parses again only the YAML files whose text changed, re-renders only the pages
whose facts changed (disclosure/depends.py; every page after a template edit) and writes only the
files whose bytes changed; the search index is rebuilt only when data/ changed.
A bad edit never stops the server: the last good pages stay served, and an overlay on every
open page shows the errors (file:line, message) until the edit is fixed.

livereload's own watcher polls every 0.8 s and ignores a save made within 3 s of the previous
reload, so a quick second fix would not show. We keep livereload's server and reload channel and
replace its watcher: poll the sources every 0.05 s, rebuild once they have settled, reload at once.
Updates run on a thread of their own, so the server keeps serving while one runs: the browser
reloads as soon as the edited record's pages are written, and again when the update is done.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import shutil
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

from . import changelog, depends, load, search, validate, write
from .errors import BuildError, DataError
from .model import Site
from .pipeline import build, no_cyclic_gc
from .render import Config, environment, plan_files, plan_pages, render_page

WATCHED = ("data", "content", "templates")
POLL_MS = 50
DEV_FOLDER = "dev"  # in the served folder: the overlay (render.DEV_FILES) and the last build's status

# The inline snippet livereload 2.7 injects into every page (livereload/server.py, liveport unset).
# Our Content-Security-Policy forbids inline scripts, so the dev build allows this one by its hash;
# tests/test_serve.py fails if livereload changes the snippet.
LIVE_SNIPPET = (
    '(function(){var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);})();"
)
LIVE_SNIPPET_HASH = "sha256-" + base64.b64encode(hashlib.sha256(LIVE_SNIPPET.encode()).digest()).decode()

Snapshot = dict[str, tuple[int, int]]
MISSING = object()


def digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def snapshot(root: Path) -> Snapshot:
    """Modification time and size of every file under the watched folders."""
    return {
        p.relative_to(root).as_posix(): (st.st_mtime_ns, st.st_size)
        for folder in WATCHED
        for p in sorted((root / folder).rglob("*"))
        if p.is_file() and (st := p.stat())
    }


class DevSite:
    """The served folder and how to bring it up to date after an edit."""

    def __init__(self, root: Path, out: Path, config: Config) -> None:
        self.root, self.out = root, out
        self.config = dataclasses.replace(config, script_hashes=(LIVE_SNIPPET_HASH,), dev=True)
        self.digests: dict[str, bytes] = {}  # what is on disk (search index aside): file -> digest
        self.keys: dict[str, Hashable] = {}  # page file -> what it was rendered from (depends.page_key)
        self.site_key: Hashable = None
        self.parsed: load.Parsed = {}  # YAML files parsed last time, reused while their text is unchanged
        self.index_next: Site | None = None  # data waiting to be indexed
        self.index_lock = threading.Lock()
        self.env = environment(root / "templates", self.config)  # compiled templates kept between saves
        self.history = changelog.read(root)  # committed history: an unsaved edit does not change it

    def full_build(self) -> str | None:
        """A full, atomic build, search index included; the error, if it failed."""
        try:
            report = build(self.root, self.out, self.config)
        except (DataError, BuildError) as e:
            self.digests = {}
            if self.out.is_dir():
                self.write_status(str(e))
            return str(e)
        assert report.site is not None and report.plan is not None
        self.digests = {rel: digest((self.out / rel).read_bytes()) for rel in report.plan.sources}
        self.keys = depends.page_keys(report.plan.pages)
        self.site_key = depends.site_key(report.site)
        self.write_status(None)
        return None

    @no_cyclic_gc()
    def update(self, changed: list[str], first_pages_written: Callable[[], None] = lambda: None) -> str:
        """Bring the served folder up to date, rendering again only the pages the edit changed: first the
        pages of the edited records, then (after first_pages_written, which reloads the browser) the
        indexes and data files, which cost most at 10,000 tasks. A data error, or a template error on a
        record's page, leaves every file as it was; a template error on an index page (found after the
        records' pages are written) leaves the indexes and data files as they were."""
        started = time.perf_counter()
        if not self.digests:  # the last full build failed: we do not know what is on disk
            error = self.full_build()
            took = f"{time.perf_counter() - started:.2f} s"
            return f"build failed; still serving the last good pages:\n{error}" if error else f"full build in {took}"
        templates = self.root / "templates"
        try:
            site = validate.build_site(load.read_sources(self.root, self.parsed))
            plan, _ = plan_pages(site, templates, self.config, self.env, self.history)
            keys = depends.page_keys(plan.pages)
            everything = depends.site_key(site) != self.site_key or any(c.startswith("templates/") for c in changed)
            stale = [
                page
                for page in plan.pages
                if everything or keys[page.file] is None or self.keys.get(page.file, MISSING) != keys[page.file]
            ]
            records = [page for page in stale if page.template in depends.RECORD_TEMPLATES]  # the edited ones
            written = self.write({page.file: render_page(self.env, site, page, templates) for page in records})
            self.keys |= {page.file: keys[page.file] for page in records}
            if written:
                first_pages_written()
            plan_files(plan, site, templates, self.config, self.env, self.history)  # before the downloads page
            rest = {
                page.file: render_page(self.env, site, page, templates)
                for page in stale
                if page.template not in depends.RECORD_TEMPLATES
            }
        except (DataError, BuildError) as e:
            self.write_status(str(e))
            return f"build failed; still serving the last good pages:\n{e}"
        written += self.write(rest | plan.files)
        gone = self.digests.keys() - plan.sources.keys()
        for rel in gone:
            (self.out / rel).unlink(missing_ok=True)
            del self.digests[rel]
        self.keys, self.site_key = keys, depends.site_key(site)
        self.write_status(None)
        if any(name.startswith("data/") for name in changed):  # only the data feeds the search index
            self.index_next = site
        took = f"{time.perf_counter() - started:.2f} s"
        return (
            f"{len(stale)} of {len(plan.pages)} pages rendered, {written} files written, {len(gone)} removed in {took}"
        )

    def write(self, files: dict[str, str | bytes]) -> int:
        """Write the files whose bytes changed; how many."""
        encoded = {
            rel: content.encode("utf-8") if isinstance(content, str) else content for rel, content in files.items()
        }
        fresh = {rel: content for rel, content in encoded.items() if self.digests.get(rel) != digest(content)}
        write.write_files(fresh, self.out)
        self.digests |= {rel: digest(content) for rel, content in fresh.items()}
        return len(fresh)

    def reindex(self) -> str:
        """Rebuild the search index for the last data (a worker thread, after the reload: pages first)."""
        with self.index_lock:
            site, self.index_next = self.index_next, None
            if site is None:
                return ""
            started = time.perf_counter()
            try:
                self.swap_index(site)
            except BuildError as e:
                return f"search index not rebuilt:\n{e}"
            return f"search index rebuilt in {time.perf_counter() - started:.2f} s"

    def swap_index(self, site: Site) -> None:
        """Index into a scratch folder, then swap pagefind/ in, so no request sees half an index."""
        scratch = self.out / DEV_FOLDER / "next-index"
        shutil.rmtree(scratch, ignore_errors=True)
        search.index(site, scratch, background=True)
        old = self.out / DEV_FOLDER / "old-index"
        shutil.rmtree(old, ignore_errors=True)
        (self.out / "pagefind").rename(old)
        (scratch / "pagefind").rename(self.out / "pagefind")
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)

    def write_status(self, error: str | None) -> None:
        """What the overlay script reads on every page load: the last build's error, or none."""
        folder = self.out / DEV_FOLDER
        folder.mkdir(exist_ok=True)
        status = {"ok": error is None, "error": error or ""}
        (folder / "status.json").write_text(json.dumps(status, ensure_ascii=False), "utf-8")


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


def serve(root: Path, out: Path, config: Config, port: int) -> int:
    """Build once, then serve out/ on 127.0.0.1:port, updating it whenever a watched file changes."""
    dev = DevSite(root, out, config)
    if error := dev.full_build():
        print(f"\nbuild failed:\n{error}\n", flush=True)
        if not out.is_dir():
            print("there is no earlier build to serve: fix the error and run make serve again")
            return 1
        print("serving the last good build, with the error shown on every page", flush=True)

    loop = IOLoop.current()
    updates = ThreadPoolExecutor(max_workers=1)  # one update at a time, in order, while the server serves
    indexing = ThreadPoolExecutor(max_workers=1)  # the search index after the pages (dev.reindex coalesces)

    def on_change(changed: list[str]) -> None:
        def reload() -> None:
            loop.add_callback(LiveReloadHandler.reload_waiters, changed[0])

        def update() -> None:
            report = dev.update(changed, first_pages_written=reload)
            print(f"changed: {', '.join(changed)}\n{report}", flush=True)
            reload()  # again, for the indexes and any page open on them
            if dev.index_next is not None:
                indexing.submit(lambda: print(dev.reindex(), flush=True))

        updates.submit(update)

    server = Server(watcher=SourceWatcher(root, on_change))
    print(f"serving {out} at http://127.0.0.1:{port}{config.base_path} (Ctrl-C to stop)", flush=True)
    server.serve(host="127.0.0.1", port=port, root=str(out), open_url_delay=None)
    return 0
