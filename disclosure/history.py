"""`build.py check`: no published record may vanish between two versions of data/.

A task, unit, livelihood item or indicator row that was in the previous commit must
still be there now; to take one back, mark it `withdrawn` (its page stays, marked).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import DataError, Pos, Problem
from .load import Map, Seq, Value, load_yaml, parse_yaml


def previous_revision(root: Path) -> str | None:
    """HEAD when data/ has uncommitted edits, else HEAD's parent; None outside git or without history."""
    dirty = git(root, "status", "--porcelain", "--", "data")
    if dirty is None:
        return None
    rev = "HEAD" if dirty.strip() else "HEAD~1"
    return rev if git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}") is not None else None


def vanished(root: Path, rev: str) -> list[Problem]:
    """Every record present in data/ at rev and missing from the working tree."""
    files = git(root, "ls-tree", "-r", "--name-only", rev, "--", "data")
    if files is None:
        raise DataError([Problem(Pos("data"), "", f"cannot read data/ at {rev} from git")])
    problems = []
    for name in files.splitlines():
        text = git(root, "show", f"{rev}:{name}") if name.endswith(".yaml") else None
        if text is None:
            continue
        try:
            before = identities(name, parse_yaml(text, name))
        except DataError:
            continue  # that version was itself invalid and never published: nothing to keep
        path = root / name
        now = identities(name, load_yaml(path, root)) if path.exists() else {}
        problems += [
            Problem(
                Pos(name),
                label,
                f"was in {rev} but is gone; published records are never deleted: put it back and mark it "
                "withdrawn (withdrawn: {date: YYYY-MM-DD, reason: …})",
            )
            for key, label in before.items()
            if key not in now
        ]
    return problems


def identities(name: str, value: Value) -> dict[str, str]:
    """The stable identity of each record in one data file (unit slug, task or item number, row), with its label."""
    kind = Path(name).stem
    out: dict[str, str] = {}
    if kind == "units" and isinstance(value, Seq):
        for v in (v for v in value if isinstance(v, Map)):  # a renamed slug keeps the old one in former_slugs
            former = v.get("former_slugs")
            for slug in [v.get("slug"), *(former if isinstance(former, Seq) else [])]:
                out[f"unit {slug}"] = f"unit {v.get('name')}"
    elif kind == "tasks" and isinstance(value, Seq):
        out = {f"task {v.get('no')}": f"task {v.get('no')}" for v in value if isinstance(v, Map)}
    elif kind == "livelihood" and isinstance(value, Map) and isinstance(value.get("items"), Seq):
        for item in (i for i in value["items"] if isinstance(i, Map)):
            label = f"livelihood item {item.get('no')}"
            out[label] = label
            rows = item.get("indicators")
            for n, row in enumerate(rows if isinstance(rows, Seq) else [], start=1):
                row_label = f"{label} row {row.get('name', n) if isinstance(row, Map) else n}"
                out[row_label] = row_label
    return out


def git(root: Path, *args: str) -> str | None:
    """Run git in root; its output, or None when git or the revision is missing."""
    try:
        run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    return run.stdout if run.returncode == 0 else None
