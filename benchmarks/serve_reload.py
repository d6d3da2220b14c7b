"""Save-to-reload time of `make serve`, measured in Chromium: from writing a file to the open page
showing the edit. Three edits: one task's text, a template, a unit's full name in the registry; on the
real project, or on a synthetic one of N tasks (benchmarks/synth.py).

Usage: python benchmarks/serve_reload.py [--rounds N] [--tasks N] [--pause S]   (prints a table; asserts nothing)

--pause: seconds from the page showing an edit to the next save (default 0.5: an editor saving in quick
succession, while the rest of the last update, the other pages, may still be running).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# (label, file, page to watch, text before, text after with {n}); the page shows the text after without tags.
# The first task's text is read from the project (task_edit).
EDITS = [
    ("a template", "templates/task.html", "2023/tasks/1/", "<dt>牵头单位</dt>", "<dt>牵头单位{n}</dt>"),
    (
        "a registry entry",
        "data/units.yaml",
        "departments/development-reform/",
        "嘉兴市发展和改革委员会",
        "嘉兴市发展和改革委员会{n}",
    ),
]
TAG = re.compile(r"<[^>]+>")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def task_edit(root: Path) -> tuple[str, str, str, str, str]:
    """Prefix the first task's text with a number."""
    lines = (root / "data/2023/tasks.yaml").read_text("utf-8").splitlines()
    text = next(line for line in lines if line.startswith("  text: ")).removeprefix("  text: ")
    return "one task's text", "data/2023/tasks.yaml", "2023/tasks/1/", text, "第{n}次修改" + text


def measure(rounds: int, tasks: int | None, pause: float = 0.5) -> list[tuple[str, list[float]]]:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:  # pagefind may outlive serve
        root = Path(tmp)
        if tasks:
            generate(tasks, root)
        else:
            for folder in ("data", "content", "templates"):
                shutil.copytree(ROOT / folder, root / folder)
            shutil.copy(ROOT / "site.yaml", root / "site.yaml")  # the site's identity
        port = free_port()
        log = (root / "serve.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 1800  # the first build, search index included: minutes at 10,000 tasks
            while True:
                try:
                    urllib.request.urlopen(url, timeout=1)
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("make serve did not start") from None
                    time.sleep(0.1)
            results = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
                page = browser.new_page()
                for label, file, path, old, new in [task_edit(root), *EDITS]:
                    times = []
                    page.goto(url + path)
                    page.wait_for_function("() => window.LiveReload !== undefined")
                    current = old
                    for n in range(rounds):
                        time.sleep(pause)  # let the previous reload settle
                        target = new.format(n=n + 10)
                        source = root / file
                        text = source.read_text("utf-8").replace(current, target, 1)
                        started = time.perf_counter()
                        source.write_text(text, "utf-8")
                        page.wait_for_function(
                            "(t) => document.body && document.body.textContent.includes(t)",
                            arg=TAG.sub("", target),
                            timeout=120_000,
                        )
                        times.append(time.perf_counter() - started)
                        current = target
                    results.append((label, times))
                browser.close()
            return results
        except Exception:
            print((root / "serve.log").read_text("utf-8"), file=sys.stderr)
            raise
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            log.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tasks", type=int, help="a synthetic project of this many tasks, not the real one")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds from a page showing an edit to the next save")
    args = parser.parse_args()
    rows = measure(args.rounds, args.tasks, args.pause)
    project = f"a synthetic project of {args.tasks:,} tasks" if args.tasks else "the real project (118 tasks)"
    rounds = f"{args.rounds} rounds each, {args.pause:g} s between a page showing an edit and the next save"
    print(f"make serve on {project}: save to page updated in Chromium ({rounds}, seconds)")
    print("| edit | median | min | max |")
    print("|---|---:|---:|---:|")
    for label, times in rows:
        print(f"| {label} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |")


if __name__ == "__main__":
    main()
