"""The Hugo anchor for `make bench`: the same kind of site built by Hugo 0.111 (../shared/anchor/, its
README says how), timed from outside like our builds, with or without plain Pagefind over Hugo's output.

Hugo writes fewer bytes per page than this project does: compare the wall-time ratio, and say so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ANCHOR = Path(os.environ.get("ANCHOR", Path(__file__).resolve().parents[2] / "shared" / "anchor"))  # ../shared/anchor


def available() -> bool:
    return shutil.which("hugo") is not None and (ANCHOR / "gen.py").is_file()


def prepare(size: int, scratch: Path) -> Path:
    """Generate the anchor site of size tasks under scratch; the folder to build (its hugo-site)."""
    folder = scratch / f"anchor-{size}"
    subprocess.run(
        [sys.executable, str(ANCHOR / "gen.py"), str(size), str(folder / "data")], check=True, stdout=subprocess.DEVNULL
    )
    stubs = [sys.executable, str(ANCHOR / "hugo-site" / "mkstubs.py"), str(folder / "data"), str(folder / "content")]
    subprocess.run(stubs, check=True, stdout=subprocess.DEVNULL)
    shutil.copytree(ANCHOR / "hugo-site", folder / "hugo-site")  # hugo.toml reads ../data
    return folder


def build(folder: Path, search: bool) -> float:
    """Wall seconds of one Hugo build into a clean folder, then Pagefind over its output if search."""
    out = folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    hugo = ["hugo", "--source", str(folder / "hugo-site"), "--contentDir", str(folder / "content")]
    started = time.perf_counter()
    subprocess.run([*hugo, "--destination", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    if search:
        pagefind = [sys.executable, "-m", "pagefind_bin", "--site", str(out)]
        subprocess.run(pagefind, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started
