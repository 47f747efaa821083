"""Server-side SVG charts: no JavaScript, readable without colour (each line has its own marker and a
label at its end), and always shown beside a table with the same numbers for screen readers. The end
labels are moved apart when lines end close together, cut to their room with the whole text as a tooltip,
and written with the page language's decimal mark (polku.core.charts)."""

from __future__ import annotations

from datetime import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from polku.core.charts import CHAR_WIDTH, fits, number, spread
from polku.core.formats import day
from polku.instruments.definitions import Instrument

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("circle", "square", "diamond", "triangle", "cross", "circle", "square")
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 190, 16, 40
LABEL_SIZE, LABEL_GAP = 12, 14  # px: the end labels' font size and the least distance between two


def _marker(kind: str, x: float, y: float, colour: str) -> SafeString:
    if kind == "square":
        return format_html('<rect x="{}" y="{}" width="8" height="8" fill="{}"/>', x - 4, y - 4, colour)
    if kind == "diamond":
        points = f"{x},{y - 5} {x + 5},{y} {x},{y + 5} {x - 5},{y}"
        return format_html('<polygon points="{}" fill="{}"/>', points, colour)
    if kind == "triangle":
        points = f"{x},{y - 5} {x + 5},{y + 4} {x - 5},{y + 4}"
        return format_html('<polygon points="{}" fill="{}"/>', points, colour)
    if kind == "cross":
        return format_html(
            '<path d="M{} {}l8 8M{} {}l-8 8" stroke="{}" stroke-width="2"/>',
            x - 4,
            y - 4,
            x + 4,
            y - 4,
            colour,
        )
    return format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', x, y, colour)


def change_chart(
    instrument: Instrument, points: list[tuple[datetime, dict[str, float]]], title: str
) -> SafeString:
    """Each domain's score at each answer, oldest left; the y axis is the instrument's score range."""
    if not points:
        return mark_safe("")
    low, high = instrument.score_min, instrument.score_max
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if len(points) > 1 else plot_w / 2), 1)

    def y(score: float) -> float:
        return round(TOP + plot_h * (1 - (score - low) / (high - low)), 1)

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/><text x="{}" y="{}" class="tick">{}</text>',
        (
            (LEFT, LEFT + plot_w, y(v), y(v), LEFT - 6, y(v) + 4, number(v))
            for v in (low, (low + high) / 2, high)
        ),
    )
    dates = format_html_join(
        "",
        '<text x="{}" y="{}" class="tick tick--x">{}</text>',
        ((x(i), HEIGHT - BOTTOM + 18, day(at)) for i, (at, _s) in enumerate(points)),
    )
    drawn = []
    for n, domain in enumerate(instrument.domains):
        series = [(i, scores[domain.id]) for i, (_at, scores) in enumerate(points) if domain.id in scores]
        if series:
            drawn.append((n, domain, series))
    label_ys = spread([y(series[-1][1]) + 4 for _n, _d, series in drawn], LABEL_GAP, TOP + 4, HEIGHT - 4)
    lines = []
    for (n, domain, series), label_y in zip(drawn, label_ys, strict=True):
        colour, marker = COLOURS[n % len(COLOURS)], MARKERS[n % len(MARKERS)]
        path = " ".join(f"{x(i)},{y(s)}" for i, s in series)
        score = number(series[-1][1], 1)
        title = str(domain.title)
        room = RIGHT - 16 - (len(score) + 1) * LABEL_SIZE * CHAR_WIDTH
        shown = fits(title, room, LABEL_SIZE)
        tooltip = format_html("<title>{} {}</title>", title, score) if shown != title else ""
        lines.append(
            format_html(
                '<g><polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>{}'
                '<text x="{}" y="{}" class="series-label" fill="{}">{}{} {}</text></g>',
                path,
                colour,
                format_html_join("", "{}", ((_marker(marker, x(i), y(s), colour),) for i, s in series)),
                WIDTH - RIGHT + 12,
                round(label_y, 1),
                colour,
                tooltip,
                shown,
                score,
            )
        )
    return format_html(
        '<svg class="change-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        instrument.code,
        instrument.code,
        title,
        grid,
        dates,
        format_html_join("", "{}", ((line,) for line in lines)),
    )
