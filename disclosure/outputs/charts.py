"""Bar charts drawn at build time as inline SVG (templates/_macros.html `bar_chart`): no script, no library.

Each bar is two lines: the label and its value as HTML text (so it wraps at 320 px and grows in
elderly mode), then an SVG bar whose width is a percentage of the chart's width. The value is always
written out: a bar adds a picture, never information of its own, and the table beside the chart holds
the same figures. The chart is one image to assistive technology, named by a one-sentence summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from disclosure.model import Indicator, plain, with_unit

NO_TARGET_LABEL = "无目标"  # a bar's value where the document has no target


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # as shown on the page: "20 家" (with the row's unit, if any), "无目标"
    width: str | None  # percent of the chart's width, None for no bar


@dataclass(frozen=True)
class Chart:
    caption: str
    summary: str  # what the chart shows, in one sentence: the image's accessible name
    bars: tuple[Bar, ...]
    track: bool  # draw the full width behind each bar (when the width is a share of a whole)


def _bars(rows: list[tuple[str, str, Decimal | None]]) -> tuple[Bar, ...]:
    """rows: (label, value as shown, bar length as a fraction of the chart's width or None)."""
    return tuple(
        Bar(label, value, None if fraction is None else plain((fraction * 100).quantize(Decimal("0.01"))))
        for label, value, fraction in rows
    )


def _names(labels: list[str]) -> str:
    return "、".join(labels)


def breakdown_chart(ind: Indicator, caption: str) -> Chart:
    """The ten area values of an indicator row, bars scaled to the largest."""
    top = max((c.figure.value for c in ind.cells if c.figure.value is not None), default=None)
    rows: list[tuple[str, str, Decimal | None]] = []
    for c in ind.cells:
        if c.figure.value is None:
            rows.append((c.area.name, NO_TARGET_LABEL, None))
        else:
            rows.append((c.area.name, with_unit(c.figure.text, ind.unit), c.figure.value / top if top else None))
    summary = f"条形图,{caption}。"
    if top is not None:
        leaders = [c.area.name for c in ind.cells if c.figure.value == top]
        none = [c.area.name for c in ind.cells if c.figure.value is None]
        summary += f"最多的是{_names(leaders)}({with_unit(plain(top), ind.unit)})"
        summary += f";无目标的有{_names(none)}。" if none else "。"
    return Chart(caption, summary, _bars(rows), track=False)
