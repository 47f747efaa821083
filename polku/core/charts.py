"""What every server-side SVG chart of Polku shares: numbers written as the page's tables write them (the
active language's decimal mark), labels that never run out of the chart or over each other, and a value
axis that one outlier cannot flatten.

- `number`: a figure with the language's decimal mark (4,5 in Finnish and Swedish, 4.5 in English).
- `label`: a text element cut to the room it has, with an ellipsis and the whole text as its tooltip
  (an SVG <title>), so a long team or provider name neither is clipped at the edge nor covers its
  neighbour; the table beside every chart holds the whole text as well.
- `value_axis`: round tick values over the data; when one value is more than OUTLIER_FACTOR times the
  next largest (a tally of 99,999 people beside months of tens), the axis ends above the others and the
  outlier is drawn cut at the top with its value written on it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from polku.core.formats import fixed

ELLIPSIS = "…"
# The average advance of a character in the charts' sans-serif, as a share of the font size: generous,
# so that a text cut to fit does fit.
CHAR_WIDTH = 0.62
OUTLIER_FACTOR = 4


def number(value: float, places: int | None = None) -> str:
    """The value in the active language: whole numbers without decimals, others with `places` (default
    one)."""
    if places is None:
        places = 0 if float(value).is_integer() else 1
    return fixed(value, places)


def fits(text: str, width: float, font_size: float) -> str:
    """The text, or its start and an ellipsis, in at most `width` pixels at `font_size`."""
    room = max(int(width / (font_size * CHAR_WIDTH)), 1)
    if len(text) <= room:
        return text
    return text[: max(room - 1, 1)].rstrip() + ELLIPSIS


def label(text: str, *, width: float, font_size: float, attrs: str) -> SafeString:
    """A <text> element with `attrs` (already safe) holding the text cut to `width`; when cut, the whole
    text is its tooltip."""
    shown = fits(text, width, font_size)
    tooltip = f"<title>{escape(text)}</title>" if shown != text else ""
    return mark_safe(f"<text {attrs}>{tooltip}{escape(shown)}</text>")  # noqa: S308  (escaped)


def spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Vertical positions moved apart to at least `gap` each, in their order, kept within [low, high]
    (end labels of lines that end at the same score would otherwise be written over each other)."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [0.0] * len(positions)
    previous = low - gap
    for i in order:
        placed[i] = max(positions[i], previous + gap)
        previous = placed[i]
    overflow = previous - high
    if overflow > 0:  # pushed past the bottom: move them all up, as far as the top allows
        shift = min(overflow, max(min(placed) - low, 0))
        placed = [p - shift for p in placed]
    return placed


@dataclass(frozen=True)
class ValueAxis:
    top: float  # the value at the top of the plot
    ticks: list[float]  # round values from 0 to top
    outliers: bool  # some values lie above top: drawn cut, with their value written

    def clipped(self, value: float) -> bool:
        return value > self.top


def _round_step(span: float, steps: int) -> float:
    raw = span / steps
    power = 10 ** math.floor(math.log10(raw))
    for nice in (1, 2, 2.5, 5, 10):
        if raw <= nice * power:
            return nice * power
    return 10 * power


def value_axis(values: Sequence[float | None], *, whole: bool = True, steps: int = 4) -> ValueAxis:
    """The axis for the non-negative `values` (None = hidden). Counts (`whole`) get whole ticks."""
    known = sorted(v for v in values if v is not None and v > 0)
    rest = list(known)
    while len(rest) >= 3 and rest[-1] > OUTLIER_FACTOR * rest[-2]:
        rest.pop()  # an outlier: the axis is drawn for the others
    highest = rest[-1] if rest else 0.0
    outliers = len(rest) < len(known)
    step = _round_step(max(highest, 1.0), steps)
    if whole:
        step = max(math.ceil(step), 1)
    count = max(math.ceil(highest / step), 1) if highest else steps
    return ValueAxis(top=step * count, ticks=[step * i for i in range(count + 1)], outliers=outliers)
