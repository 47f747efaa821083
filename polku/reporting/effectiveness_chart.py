"""The effectiveness report's chart: mean change with its 95 % confidence interval per group (a forest
plot), drawn on the server as SVG. Suppressed groups are left out; the table beside it holds the numbers."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from polku.reporting.effectiveness import DomainTable

WIDTH, ROW, LABEL, PAD = 640, 26, 200, 20


def forest_plot(table: DomainTable, title: str) -> SafeString:
    rows = [f for f in [table.total, *table.groups] if not f.suppressed and f.mean is not None]
    if not rows:
        return mark_safe("")
    lows = [f.ci_low if f.ci_low is not None else f.mean for f in rows]
    highs = [f.ci_high if f.ci_high is not None else f.mean for f in rows]
    span = max(max(abs(v) for v in lows + highs if v is not None), table.mid, 1.0) * 1.1
    height = PAD * 2 + ROW * len(rows)
    plot = WIDTH - LABEL - PAD

    def x(value: float) -> float:
        return round(LABEL + plot * (value + span) / (2 * span), 1)

    marks = []
    for i, f in enumerate(rows):
        y = PAD + ROW * i + ROW / 2
        assert f.mean is not None  # noqa: S101  (filtered above)
        low = f.ci_low if f.ci_low is not None else f.mean
        high = f.ci_high if f.ci_high is not None else f.mean
        marks.append(
            format_html(
                '<text x="{}" y="{}" class="series-label" text-anchor="end">{}</text>'
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="ci"/>'
                '<circle cx="{}" cy="{}" r="5" class="mean"/>',
                LABEL - 8,
                y + 4,
                f.label,
                x(low),
                x(high),
                y,
                y,
                x(f.mean),
                y,
            )
        )
    bottom = height - PAD + 14
    axis = format_html(
        '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" class="zero"/>'
        '<line x1="{3}" x2="{3}" y1="{1}" y2="{2}" class="grid"/>'
        '<line x1="{4}" x2="{4}" y1="{1}" y2="{2}" class="grid"/>'
        '<text x="{0}" y="{5}" class="tick tick--x">0</text>'
        '<text x="{3}" y="{5}" class="tick tick--x">−{6}</text>'
        '<text x="{4}" y="{5}" class="tick tick--x">+{6}</text>',
        x(0),
        PAD,
        height - PAD,
        x(-table.mid),
        x(table.mid),
        bottom,
        f"{table.mid:g}",
    )
    return format_html(
        '<svg class="change-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}{}</svg>',
        WIDTH,
        height + 4,
        table.domain,
        table.domain,
        title,
        axis,
        format_html_join("", "{}", ((m,) for m in marks)),
    )
