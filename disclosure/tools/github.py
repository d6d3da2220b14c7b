"""Reporting to GitHub Actions: error annotations on the file and line, and the job summary.

Used only when GITHUB_ACTIONS=true. Everything that comes from the data is escaped: a value holding
a newline or `::` cannot start a workflow command of its own, and cannot break out of the summary's
code block.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from disclosure.errors import Problem

MAX_ANNOTATIONS = 10  # GitHub shows at most 10 per step; the summary has them all


def active() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """A workflow command's message: % CR LF escaped, as the Actions toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also : and , escaped."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, level: str = "error") -> str:
    """One `::error file=…,line=…,col=…,title=…::message` line."""
    pos = problem.pos
    props = [f"file={escape_property(pos.path)}"]
    if pos.line:
        props.append(f"line={pos.line}")
    if pos.col:
        props.append(f"col={pos.col}")
    props.append(f"title={escape_property(problem.record or 'data')}")
    return f"::{level} {','.join(props)}::{escape_data(problem.message)}"


def annotations(problems: Iterable[Problem], level: str = "error") -> list[str]:
    """At most MAX_ANNOTATIONS lines; the rest are in the summary."""
    return [annotation(p, level) for p in list(problems)[:MAX_ANNOTATIONS]]


def code_block(lines: Iterable[str]) -> str:
    """Lines in a fenced block whose fence is longer than any run of backticks inside it."""
    text = "\n".join(lines)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}\n"


def add_to_summary(markdown: str) -> None:
    """Append to the job summary ($GITHUB_STEP_SUMMARY), when there is one."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with Path(path).open("a", encoding="utf-8") as f:
            f.write(markdown + "\n")


def report(title: str, errors: list[Problem] | None, warnings: Iterable[Problem] = (), other: str = "") -> None:
    """Print annotations to stdout and write a summary section: errors (all of them), then warnings."""
    warnings = list(warnings)
    for line in annotations(errors or []) + annotations(warnings, "warning"):
        print(line, flush=True)
    if other:
        print(f"::error title={escape_property(title)}::{escape_data(other)}", flush=True)
    parts = [f"## {title}\n"]
    if errors or other:
        count = len(errors or []) + (1 if other else 0)
        parts.append(f"**{count} error{'s' if count != 1 else ''}**; the site was not built or published.\n")
        parts.append(code_block([str(p) for p in errors or []] + ([other] if other else [])))
    else:
        parts.append("No errors.\n")
    if warnings:
        parts.append(f"**{len(warnings)} warning{'s' if len(warnings) != 1 else ''}** (kept as written):\n")
        parts.append(code_block(str(w) for w in warnings))
    add_to_summary("\n".join(parts))
