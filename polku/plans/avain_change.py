"""The AVAIN change of a client plan: each goal, situational factor, service and method as rated in the
first rated version of the plan against the latest rated version (a review), with a chart per component.

A goal is followed across versions by its text: a review copies the goals it keeps, so a kept goal is one
row; a goal dropped or added in between shows with one rating only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from polku.core.charts import fits, label, number
from polku.core.formats import day
from polku.plans.avain import LISTED, Component, avain
from polku.plans.models import PlanVersion

WIDTH, LEFT, RIGHT, ROW, TOP, BOTTOM = 640, 260, 24, 26, 10, 34
FIRST_COLOUR, LATEST_COLOUR = "#0072B2", "#D55E00"  # Okabe-Ito, as the self-assessment charts


@dataclass(frozen=True)
class AvainRow:
    label: str
    first: int | None
    latest: int | None
    first_label: str
    latest_label: str

    @property
    def difference(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


@dataclass
class AvainSection:
    component: Component
    rows: list[AvainRow]
    chart: SafeString = field(default_factory=lambda: mark_safe(""))


@dataclass
class AvainChange:
    first: PlanVersion | None
    latest: PlanVersion | None  # None when only one version is rated
    sections: list[AvainSection]


def _shown(component: Component, value: int | None, listed: bool) -> str:
    if value is not None:
        return f"{component.scale.label(value)} ({value})"
    return _("in use, not rated yet") if listed else "–"


def _goal_rows(component: Component, first: PlanVersion, latest: PlanVersion | None) -> list[AvainRow]:
    before = {g.text: g.avain for g in first.goals.all()}
    after = {g.text: g.avain for g in latest.goals.all()} if latest else {}
    texts = [*before, *(t for t in after if t not in before)]
    return [
        AvainRow(
            text,
            before.get(text),
            after.get(text),
            _shown(component, before.get(text), False) if text in before else "",
            _shown(component, after.get(text), False) if text in after else "",
        )
        for text in texts
        if before.get(text) is not None or after.get(text) is not None
    ]


def _item_rows(component: Component, first: PlanVersion, latest: PlanVersion | None) -> list[AvainRow]:
    def ratings(version: PlanVersion | None) -> dict[str, int | None]:
        if version is None:
            return {}
        return {r.item: r.value for r in version.avain_ratings.all() if r.component == component.id}

    before, after = ratings(first), ratings(latest)
    codes = [i.code for i in component.items]
    shown = [c for c in codes if c in before or c in after]
    shown += sorted((set(before) | set(after)) - set(codes))  # items a newer list dropped
    return [
        AvainRow(
            component.item_label(code),
            before.get(code),
            after.get(code),
            _shown(component, before.get(code), True) if code in before else "",
            _shown(component, after.get(code), True) if code in after else "",
        )
        for code in shown
    ]


def avain_chart(section: AvainSection, first_day: str, latest_day: str) -> SafeString:
    """Each item's rating at the first plan (circle) and at the latest review (square) on the component's
    scale, joined by a line; the table beside it has the same numbers."""
    rows = [r for r in section.rows if r.first is not None or r.latest is not None]
    if not rows:
        return mark_safe("")
    scale = section.component.scale
    low, high = scale.min, scale.max
    height = TOP + ROW * len(rows) + BOTTOM
    plot_w = WIDTH - LEFT - RIGHT

    def x(value: int) -> float:
        return round(LEFT + plot_w * (value - low) / (high - low), 1)

    ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
        '<text x="{}" y="{}" class="tick tick--x">{}</text>',
        (
            (x(o.value), x(o.value), TOP, height - BOTTOM, x(o.value), height - BOTTOM + 16, number(o.value))
            for o in scale.options
        ),
    )
    marks = []
    for i, row in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        parts = [
            label(row.label, width=LEFT - 16, font_size=12, attrs=f'x="{LEFT - 10}" y="{y + 4}" class="tick"')
        ]
        if row.first is not None and row.latest is not None:
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#555" stroke-width="2"/>',
                    x(row.first),
                    x(row.latest),
                    y,
                    y,
                )
            )
        if row.latest is not None:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>',
                    x(row.latest) - 5,
                    y - 5,
                    LATEST_COLOUR,
                )
            )
        if row.first is not None:  # drawn last: an unchanged rating shows both marks, one inside the other
            parts.append(
                format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', x(row.first), y, FIRST_COLOUR)
            )
        marks.append(format_html_join("", "{}", ((p,) for p in parts)))
    legend = format_html(
        '<circle cx="{}" cy="{}" r="5" fill="{}"/><text x="{}" y="{}" font-size="11">{}</text>'
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11">{}</text>',
        LEFT,
        height - 8,
        FIRST_COLOUR,
        LEFT + 10,
        height - 4,
        fits(first_day, 160, 11),
        LEFT + 180,
        height - 13,
        LATEST_COLOUR,
        LEFT + 196,
        height - 4,
        fits(latest_day, 160, 11),
    )
    title = _("AVAIN: %(component)s, first plan and latest review") % {"component": section.component.title}
    return format_html(
        '<svg class="change-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="avain-{}-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="avain-{}-title">{}</title>{}{}{}</svg>',
        WIDTH,
        height,
        section.component.id,
        section.component.id,
        title,
        ticks,
        format_html_join("", "{}", ((m,) for m in marks)),
        legend,
    )


def avain_change(versions: list[PlanVersion]) -> AvainChange:
    """The change between the first and the latest AVAIN-rated version of `versions` (newest first, as
    plan_versions_of gives them)."""
    rated = [v for v in versions if v.avain_version is not None]
    if not rated:
        return AvainChange(None, None, [])
    first, latest = rated[-1], (rated[0] if len(rated) > 1 else None)
    measure = avain()
    sections = [
        AvainSection(measure.component("goals"), _goal_rows(measure.component("goals"), first, latest))
    ]
    sections += [
        AvainSection(measure.component(c), _item_rows(measure.component(c), first, latest)) for c in LISTED
    ]
    first_day = _("Plan, %(day)s") % {"day": day(first.created_at)}
    latest_day = _("Review, %(day)s") % {"day": day(latest.created_at)} if latest else ""
    for section in sections:
        section.chart = avain_chart(section, first_day, latest_day)
    return AvainChange(first, latest, [s for s in sections if s.rows])
