"""`{% load figures %}{% figures_table grid caption corner %}`: a suppressed table (suppression.Grid) as
structural/_grid.html writes it, written in Python: the template's nested loops cost some 0.3 ms for a
table of 7 x 6 figures, and a report page shows several."""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString

from polku.core.markup import esc
from polku.core.suppression import Cell, Grid

register = template.Library()
HIDDEN = " hidden-figure"


@register.simple_tag
def figures_table(grid: Grid, caption: str, corner: str) -> SafeString:
    heads = "".join(f'<th scope="col" class="num">{esc(label)}</th>' for _key, label in grid.cols)
    rows = grid.table
    body = []
    for index, (label, cells) in enumerate(rows):
        total = ' class="total"' if index == len(rows) - 1 else ""
        figures = "".join(
            f'<td class="num{HIDDEN if cell.count is None else ""}">{esc(cell.text)}</td>' for cell in cells
        )
        body.append(f'<tr{total}><th scope="row">{esc(label)}</th>{figures}</tr>')
    return SafeString(
        f'<table class="table figures">\n  <caption>{esc(caption)}</caption>\n'
        f'  <thead><tr><th scope="col">{esc(corner)}</th>{heads}</tr></thead>\n'
        f"  <tbody>\n  {''.join(body)}\n  </tbody>\n</table>"
    )


@register.simple_tag
def compliance_rows(rows: list[tuple[object, str, list[Cell], float | None]]) -> SafeString:
    """The rows of a team's deadline compliance table (reporting/_compliance_table.html): each month's
    counts and the share started in time, the last row marked as the total."""
    out = []
    for index, (_key, label, cells, share) in enumerate(rows):
        total = ' class="total"' if index == len(rows) - 1 else ""
        figures = "".join(f'<td class="num">{esc(cell.text)}</td>' for cell in cells)
        shown = "–" if share is None else f"{esc(localize(share))} %"
        out.append(
            f'\n    <tr{total}><th scope="row">{esc(label)}</th>{figures}'
            f'<td class="num">{shown}</td></tr>\n  '
        )
    return SafeString("".join(out))
