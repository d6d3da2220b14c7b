"""The fixture site's factory: copy the invented city of tests/fixtures/site/, edit it, build it.

As Datasette's make_app_client and Zola's test_site: a test states only the edits it makes. The named
fixtures of conftest.py are one-liners over these functions.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from disclosure.build.pipeline import Report, build
from disclosure.config import Config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"

# One edit of a fixture file: None drops it; text or bytes is its whole new content (a new file, too);
# (old, new) replaces the first occurrence of old, which must be there; a function maps the old text
# to the new; a list applies several of these in order.
Edit = None | str | bytes | tuple[str, str] | Callable[[str], str | bytes] | list[tuple[str, str]]


def apply_edit(path: Path, edit: Edit) -> None:
    """Change one file of a project as edit says."""
    if edit is None:
        path.unlink()
        return
    if isinstance(edit, str | bytes):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(edit.encode("utf-8") if isinstance(edit, str) else edit)
        return
    text = path.read_text("utf-8")
    if callable(edit):
        result = edit(text)
    else:
        for old, new in [edit] if isinstance(edit, tuple) else edit:
            assert old in text, f"{old!r} not in {path}"
            text = text.replace(old, new, 1)
        result = text
    path.write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))


def make_project(dest: Path, edits: Mapping[str, Edit] | None = None) -> Path:
    """Copy the fixture site and the generator's templates into dest (a new folder), then apply edits."""
    shutil.copytree(FIXTURE, dest)
    shutil.copytree(ROOT / "templates", dest / "templates")
    for name, edit in (edits or {}).items():
        apply_edit(dest / name, edit)
    return dest


def build_fixture(
    base: Path,
    edits: Mapping[str, Edit] | None = None,
    config: Config | None = None,
    with_search: bool = False,
) -> tuple[Path, Path, Report]:
    """Make the fixture project in base/project and build it into base/site: (project, site, report)."""
    project = make_project(base / "project", edits)
    site = base / "site"
    report = build(project, site, config or Config(), with_search=with_search)
    return project, site, report


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve folder on a free port of 127.0.0.1; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def more_tasks(count: int) -> Callable[[str], str]:
    """An edit of a tasks.yaml that appends count tasks after its last (a site big enough for render workers)."""

    def edit(text: str) -> str:
        last = max(int(line.removeprefix("- no: ")) for line in text.splitlines() if line.startswith("- no: "))
        added = "".join(
            f"- no: {no}\n  text: 第{no}项测试任务。\n  units:\n    - 市发展改革委\n    - 市财政局\n"
            for no in range(last + 1, last + 1 + count)
        )
        return text + added

    return edit
