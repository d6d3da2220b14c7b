"""YAML written the way the data files are laid out by hand (two-space indents, block lists, plain scalars
wherever the loader reads them back unchanged), remembering the cell each line came from, so that a problem the
validator finds at a line of the written file is shown at the cell in Word or Excel."""

from __future__ import annotations

import json

import yaml

from disclosure.office.table import At


def scalar(text: str) -> str:
    """text as a YAML scalar: plain when the data files' loader (which resolves no types) reads it back as
    exactly text, else double-quoted with JSON's escapes (a subset of YAML's)."""
    if text and "\n" not in text and text == text.strip() and plain_reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def plain_reads_back(text: str) -> bool:
    try:
        events = list(yaml.parse(f"k: {text}\n", Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return False
    scalars = [e for e in events if isinstance(e, yaml.ScalarEvent)]
    return len(scalars) == 2 and scalars[1].value == text and not scalars[1].style


class Writer:
    """Lines of one YAML file, and the cell each came from (`sources[line]`, 1-based)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.sources: dict[int, At] = {}

    def comment(self, text: str) -> None:
        """A `# …` line per line of text (an empty text: an empty line)."""
        for line in text.splitlines() or [""]:
            self.lines.append(f"# {line}".rstrip() if line else "")

    def blank(self) -> None:
        self.lines.append("")

    def line(self, indent: int, text: str, at: At | None = None) -> None:
        """One line as written (text already YAML), indented by indent spaces, from the cell at."""
        self.lines.append(" " * indent + text)
        if at is not None:
            self.sources[len(self.lines)] = at

    def key(self, indent: int, key: str, value: str | None = None, at: At | None = None, item: bool = False) -> None:
        """`key: value` (value a scalar's text; None: a nested block follows); item: as a list item `- key: …`."""
        lead = "- " if item else ""
        rest = "" if value is None else f" {scalar(value)}"
        self.line(indent, f"{lead}{key}:{rest}", at)

    def item(self, indent: int, value: str, at: At | None = None) -> None:
        """`- value`, a list item holding a scalar."""
        self.line(indent, f"- {scalar(value)}", at)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
