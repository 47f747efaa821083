"""Server-side SVG charts: no JavaScript and nothing from a CDN. Each chart has a title and a description
for screen readers, and every page that shows one shows its figures as a table too.

A hidden (suppressed) figure is drawn as a gap, never as zero. Numbers are written in the page's language,
long labels are cut to their room with the whole text as a tooltip, and one outlier is drawn cut at the top
with its value written on it rather than flattening every other bar (polku.core.charts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from polku.core.charts import ValueAxis, label, number, value_axis

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56
# Colour-blind-safe palette (Okabe-Ito), dark enough for 3:1 against white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#000000")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _frame(title: str, description: str, body: list[str], legend: list[str]) -> SafeString:
    height = HEIGHT + 10 * len(legend)  # two legend elements, 20 px, per series
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}"'
        f' role="img" aria-label="{escape(title)}. {escape(description)}">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        *body,
        *legend,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)


def value_text(value: float, unit: str) -> str:
    """A figure as the chart writes it: 87,5 % in Finnish, 87.5 % in English."""
    return f"{number(value)}\u00a0%" if unit == "%" else f"{number(value)}{unit}"


def _axes(axis: ValueAxis, unit: str) -> list[str]:
    bottom = HEIGHT - BOTTOM
    out = []
    for value in axis.ticks:
        y = bottom - (bottom - TOP) * value / axis.top
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c9d0d6"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(value_text(value, unit))}</text>"
        )
    return out


LABEL_ROOM = 70  # px along a label turned 35 degrees within BOTTOM
LABEL_GAP = 16  # px between two labels' starts, or every other one is left out


def _x_labels(categories: Sequence[str], step: float) -> list[str]:
    out: list[str] = []
    every = max(math.ceil(LABEL_GAP / step), 1)  # with many months, every n-th: they would overlap
    for index, text in enumerate(categories):
        if index % every:
            continue
        x = LEFT + step * (index + 0.5)
        y = HEIGHT - BOTTOM + 14
        attrs = f'x="{x:.1f}" y="{y}" text-anchor="end" font-size="11" transform="rotate(-35 {x:.1f} {y})"'
        out.append(label(text, width=LABEL_ROOM, font_size=11, attrs=attrs))
    return out


def _legend(series: Sequence[Series]) -> list[str]:
    out = []
    for index, one in enumerate(series):
        y = HEIGHT + 20 * index
        colour = PALETTE[index % len(PALETTE)]
        out.append(f'<rect x="{LEFT}" y="{y}" width="12" height="12" fill="{colour}"/>')
        attrs = f'x="{LEFT + 18}" y="{y + 11}" font-size="12"'
        out.append(label(one.name, width=WIDTH - LEFT - 18 - RIGHT, font_size=12, attrs=attrs))
    return out


def bar_chart(
    *, title: str, description: str, categories: Sequence[str], series: Sequence[Series], unit: str = ""
) -> SafeString:
    """Grouped vertical bars, one group per category. A bar far above the others (OUTLIER_FACTOR) is drawn
    cut at the top, with a break mark and its value above it."""
    if unit == "%":
        axis = ValueAxis(top=100.0, ticks=[0.0, 25.0, 50.0, 75.0, 100.0], outliers=False)
    else:
        axis = value_axis([v for s in series for v in s.values])
    bottom = HEIGHT - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar = step * 0.8 / max(len(series), 1)
    body = _axes(axis, unit)
    for s_index, one in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        for index, value in enumerate(one.values):
            if value is None:
                continue
            cut = axis.clipped(value)
            height = (bottom - TOP) * min(value, axis.top) / axis.top
            x = LEFT + step * index + step * 0.1 + bar * s_index
            text = value_text(value, unit)
            body.append(
                f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{bar:.1f}" height="{height:.1f}"'
                f' fill="{colour}"><title>{escape(one.name)}, {escape(categories[index])}: '
                f"{escape(text)}</title></rect>"
            )
            if cut:
                body.append(
                    f'<path class="axis-break" d="M{x - 1:.1f} {TOP + 10} l{bar + 2:.1f} -6 m0 6 '
                    f'l-{bar + 2:.1f} 6" stroke="#ffffff" stroke-width="3" fill="none"/>'
                    f'<text class="outlier-value" x="{x + bar / 2:.1f}" y="{TOP - 4}" text-anchor="middle"'
                    f' font-size="11">{escape(text)}</text>'
                )
    body += _x_labels(categories, step)
    return _frame(title, description, body, _legend(series) if len(series) > 1 else [])


def line_chart(
    *, title: str, description: str, categories: Sequence[str], series: Sequence[Series], unit: str = "%"
) -> SafeString:
    """Lines over months; a hidden month breaks the line."""
    if unit == "%":
        axis = ValueAxis(top=100.0, ticks=[0.0, 25.0, 50.0, 75.0, 100.0], outliers=False)
    else:
        axis = value_axis([v for s in series for v in s.values])
    bottom = HEIGHT - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    body = _axes(axis, unit)
    for s_index, one in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        segment: list[str] = []
        points = []
        for index, value in enumerate([*one.values, None]):
            if value is None:
                if len(segment) > 1:
                    line = " ".join(segment)
                    body.append(
                        f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{line}"/>'
                    )
                segment = []
                continue
            x = LEFT + step * (index + 0.5)
            y = bottom - (bottom - TOP) * min(value, axis.top) / axis.top
            segment.append(f"{x:.1f},{y:.1f}")
            points.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"><title>{escape(one.name)}, '
                f"{escape(categories[index])}: {escape(value_text(value, unit))}</title></circle>"
            )
        body += points
    body += _x_labels(categories, step)
    return _frame(title, description, body, _legend(series))
