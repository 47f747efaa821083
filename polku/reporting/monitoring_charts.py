"""Server-side SVG charts: no JavaScript and nothing from a CDN. Each chart has a title and a description
for screen readers, and every page that shows one shows its figures as a table too.

A hidden (suppressed) figure is drawn as a gap, never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


def _axes(y_max: float, unit: str) -> list[str]:
    bottom = HEIGHT - BOTTOM
    out = []
    for step in range(5):
        value = y_max * step / 4
        y = bottom - (bottom - TOP) * step / 4
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c9d0d6"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{value:.0f}{escape(unit)}</text>"
        )
    return out


def _x_labels(categories: Sequence[str], step: float) -> list[str]:
    out = []
    for index, label in enumerate(categories):
        x = LEFT + step * (index + 0.5)
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="end" font-size="11"'
            f' transform="rotate(-35 {x:.1f} {HEIGHT - BOTTOM + 14})">{escape(label)}</text>'
        )
    return out


def _legend(series: Sequence[Series]) -> list[str]:
    out = []
    for index, one in enumerate(series):
        y = HEIGHT + 20 * index
        colour = PALETTE[index % len(PALETTE)]
        out.append(f'<rect x="{LEFT}" y="{y}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{LEFT + 18}" y="{y + 11}" font-size="12">{escape(one.name)}</text>')
    return out


def bar_chart(
    *, title: str, description: str, categories: Sequence[str], series: Sequence[Series], unit: str = ""
) -> SafeString:
    """Grouped vertical bars, one group per category."""
    known = [v for s in series for v in s.values if v is not None]
    y_max = max([*known, 1.0]) if unit != "%" else 100.0
    bottom = HEIGHT - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar = step * 0.8 / max(len(series), 1)
    body = _axes(y_max, unit)
    for s_index, one in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        for index, value in enumerate(one.values):
            if value is None:
                continue
            height = (bottom - TOP) * value / y_max
            x = LEFT + step * index + step * 0.1 + bar * s_index
            body.append(
                f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{bar:.1f}" height="{height:.1f}"'
                f' fill="{colour}"><title>{escape(one.name)}, {escape(categories[index])}: '
                f"{value:g}{escape(unit)}</title></rect>"
            )
    body += _x_labels(categories, step)
    return _frame(title, description, body, _legend(series) if len(series) > 1 else [])


def line_chart(
    *, title: str, description: str, categories: Sequence[str], series: Sequence[Series], unit: str = "%"
) -> SafeString:
    """Lines over months; a hidden month breaks the line."""
    known = [v for s in series for v in s.values if v is not None]
    y_max = 100.0 if unit == "%" else max([*known, 1.0])
    bottom = HEIGHT - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    body = _axes(y_max, unit)
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
            y = bottom - (bottom - TOP) * value / y_max
            segment.append(f"{x:.1f},{y:.1f}")
            points.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"><title>{escape(one.name)}, '
                f"{escape(categories[index])}: {value:g}{escape(unit)}</title></circle>"
            )
        body += points
    body += _x_labels(categories, step)
    return _frame(title, description, body, _legend(series))
