"""`make serve`: rebuild on every save and reload the browser (livereload, bound to 127.0.0.1).

A bad edit never stops the server: the error is printed and the last good site stays served.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import time
from pathlib import Path

from livereload import Server

from .errors import BuildError, DataError
from .pipeline import build
from .render import Config

WATCHED = ("data", "content", "templates")


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


def serve(root: Path, out: Path, config: Config, port: int) -> int:
    """Build once, then serve out/ on 127.0.0.1:port, rebuilding whenever a watched file changes."""
    config = dataclasses.replace(config, script_hashes=(LIVE_SNIPPET_HASH,))

    def rebuild() -> None:
        started = time.perf_counter()
        try:
            report = build(root, out, config)
        except (DataError, BuildError) as e:
            print(f"\nbuild failed; still serving the last good site:\n{e}\n", flush=True)
            return
        for w in report.warnings:
            print(f"warning: {w}")
        print(f"rebuilt {sum(report.files.values())} files in {time.perf_counter() - started:.2f} s", flush=True)

    rebuild()
    if not out.is_dir():
        print("the first build failed, so there is nothing to serve yet; fix the error and run make serve again")
        return 1
    server = Server()
    for folder in WATCHED:
        server.watch(str(root / folder), rebuild, delay=0.2)
    print(f"serving {out} at http://127.0.0.1:{port}{config.base_path} (Ctrl-C to stop)", flush=True)
    server.serve(host="127.0.0.1", port=port, root=str(out), open_url_delay=None)
    return 0
