"""Synthetic projects in the project's own format, for benchmarks: N tasks with realistic Chinese text,
units drawn from a registry of about 80 (the 57 real ones plus invented departments), N/5 livelihood
rows over the real 10 areas. Deterministic: the same N gives the same bytes.

Usage: python benchmarks/synth.py N OUT_FOLDER
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 2023
EXTRA_UNITS = 23  # 57 real + 23 invented = 80


def real_texts() -> list[str]:
    """The real task and item texts, as material for new ones."""
    texts = []
    for line in (ROOT / "data/2023/tasks.yaml").read_text("utf-8").splitlines():
        if line.startswith("  text: "):
            texts.append(line.removeprefix("  text: "))
    return texts


def units_yaml(rng: random.Random) -> tuple[str, list[str]]:
    real = (ROOT / "data/units.yaml").read_text("utf-8")
    names = [line.removeprefix("- name: ") for line in real.splitlines() if line.startswith("- name: ")]
    extra = []
    for i in range(EXTRA_UNITS):
        name = f"市{rng.choice('农水林海港航数智')}{rng.choice('业务事务发展服务')}中心{i + 1}"
        slug = f"synthetic-unit-{i + 1}"
        extra.append(f"- name: {name}\n  full_name: 嘉兴市{name[1:]}\n  slug: {slug}\n  kind: public-institution\n")
    return real.rstrip("\n") + "\n" + "".join(extra), names + [e.split("\n")[0].removeprefix("- name: ") for e in extra]


def tasks_yaml(n: int, units: list[str], texts: list[str], rng: random.Random) -> str:
    lines = ["# synthetic tasks for benchmarks\n"]
    for no in range(1, n + 1):
        text = rng.choice(texts)
        if rng.random() < 0.5:
            text = text.rstrip("。") + "," + rng.choice(texts)
        chosen = rng.sample(units, k=rng.choice((1, 1, 2, 2, 3, 4, 6)))
        lines.append(f"- no: {no}\n  text: {text}\n  units:\n" + "".join(f"    - {u}\n" for u in chosen))
    return "".join(lines)


def figure(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:
        return "/"
    if r < 0.3:
        return f"{rng.randint(1, 999)}.{rng.randint(1, 9)}"
    return str(rng.randint(1, 5000))


def livelihood_yaml(rows: int, units: list[str], texts: list[str], areas: list[str], rng: random.Random) -> str:
    cats = "".join(f"  - no: {c}\n    name: 第{c}类民生实事项目\n" for c in range(1, 11))
    items, row, no = [], 0, 0
    while row < rows:
        no += 1
        count = min(rng.choice((1, 1, 2, 3)), rows - row)
        indicators = []
        for k in range(count):
            row += 1
            name = f"      - name: 指标{k + 1}\n" if count > 1 else "      - target: "
            cells = "".join(f"          {a}: {figure(rng)}\n" for a in areas)
            target = str(rng.randint(10, 50000))
            if count > 1:
                indicators.append(f"{name}        target: {target}\n        breakdown:\n{cells}")
            else:
                indicators.append(f"{name}{target}\n        breakdown:\n{cells}")
        items.append(
            f"  - no: {no}\n    category: {(no - 1) % 10 + 1}\n    text: {rng.choice(texts)}\n"
            f"    lead: {rng.choice(units)}\n    indicators:\n" + "".join(indicators)
        )
    return f"categories:\n{cats}\nitems:\n" + "".join(items)


def generate(n: int, out: Path) -> None:
    """Write a complete project (data/, content/, templates/) with n tasks into out."""
    rng = random.Random(SEED + n)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, out / folder)
    shutil.copy(ROOT / "site.yaml", out / "site.yaml")  # the site's identity
    data = out / "data" / "2023"
    data.mkdir(parents=True)
    shutil.copyfile(ROOT / "data/areas.yaml", out / "data/areas.yaml")
    for name in ("document.yaml", "source.txt"):
        shutil.copyfile(ROOT / "data/2023" / name, data / name)
    units_text, units = units_yaml(rng)
    (out / "data/units.yaml").write_text(units_text, "utf-8")
    texts = real_texts()
    (data / "tasks.yaml").write_text(tasks_yaml(n, units, texts, rng), "utf-8")
    areas = []
    for line in (ROOT / "data/2023/document.yaml").read_text("utf-8").split("area_columns:\n")[1].splitlines():
        if not line.startswith("  - "):
            break
        areas.append(line.removeprefix("  - "))
    (data / "livelihood.yaml").write_text(livelihood_yaml(max(1, n // 5), units, texts, areas, rng), "utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
