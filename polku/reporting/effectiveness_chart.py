"""The effectiveness report's chart: mean change with its 95 % confidence interval per group (a forest
plot), drawn on the server as SVG. Suppressed groups are left out; the table beside it holds the numbers.
A group's name is cut to the room left of the plot, with the whole name as its tooltip; numbers are
written in the page's language (polku.core.charts)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from polku.core.charts import label, number
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
        # Numbers need no escaping; the label does.
        name = label(
            f.label,
            width=LABEL - 16,
            font_size=12,
            attrs=f'x="{LABEL - 8}" y="{y + 4}" class="series-label" text-anchor="end"',
        )
        marks.append(
            f"{name}"
            f'<line x1="{x(low)}" x2="{x(high)}" y1="{y}" y2="{y}" class="ci"/>'
            f'<circle cx="{x(f.mean)}" cy="{y}" r="5" class="mean"/>'
        )
    bottom = height - PAD + 14
    zero, low_mid, high_mid, mid = x(0), x(-table.mid), x(table.mid), number(table.mid)
    axis = (
        f'<line x1="{zero}" x2="{zero}" y1="{PAD}" y2="{height - PAD}" class="zero"/>'
        f'<line x1="{low_mid}" x2="{low_mid}" y1="{PAD}" y2="{height - PAD}" class="grid"/>'
        f'<line x1="{high_mid}" x2="{high_mid}" y1="{PAD}" y2="{height - PAD}" class="grid"/>'
        f'<text x="{zero}" y="{bottom}" class="tick tick--x">0</text>'
        f'<text x="{low_mid}" y="{bottom}" class="tick tick--x">−{mid}</text>'
        f'<text x="{high_mid}" y="{bottom}" class="tick tick--x">+{mid}</text>'
    )
    domain = escape(table.domain)
    return mark_safe(  # noqa: S308  (every text escaped)
        f'<svg class="change-chart" viewBox="0 0 {WIDTH} {height + 4}" role="img" '
        f'aria-labelledby="{domain}-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{domain}-title">{escape(title)}</title>'
        f"{axis}{''.join(marks)}</svg>"
    )
