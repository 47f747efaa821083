"""The rows of the effectiveness report's tables, written in Python: the same markup as a template row
would give, at a tenth of the cost (a table row of template nodes, with its floatformats, ifs and
translations, cost some 0.3 ms, and the report shows a table per domain). The headings stay in
reporting/effectiveness.html."""

from __future__ import annotations

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from polku.core.formats import fixed
from polku.reporting.effectiveness import DomainTable, Figures

DASH = "–"


def _decimal(value: float | None) -> str:
    return DASH if value is None else fixed(value, 2)


def figures_row(f: Figures) -> str:
    """One group's row: its label, then its figures or, when hidden, why not."""
    head = f'<tr><th scope="row">{escape(f.label)}</th>'
    if f.suppressed:
        reason = (
            _("not shown: it would reveal a smaller group from the total")
            if f.secondary
            else _("not shown: a group this small could reveal persons")
        )
        return (
            f'{head}<td class="num suppressed">{escape(f.n_shown)}</td>'
            f'<td class="num suppressed" colspan="6">{escape(reason)}</td></tr>'
        )
    interval = DASH if f.ci_low is None else f"{_decimal(f.ci_low)} … {_decimal(f.ci_high)}"
    cells = [
        localize(f.n),
        _decimal(f.mean),
        interval,
        _decimal(f.srm),
    ]
    body = "".join(f'<td class="num">{escape(cell)}</td>' for cell in cells)
    for share, text in f.share_cells:
        css = "num suppressed" if share is None and f.n else "num"
        shown = f"{fixed(share, 0)} %" if share is not None else text
        body += f'<td class="{css}">{escape(shown)}</td>'
    return f"{head}{body}</tr>"


def hidden_together_row(f: Figures) -> str:
    """The clients of the hidden groups together, so that the column of clients adds up to the total."""
    return (
        f'<tr class="hidden-together"><th scope="row">{escape(f.label)}</th>'
        f'<td class="num">{escape(f.n_shown)}</td>'
        f'<td colspan="6">{escape(_("the groups marked above, not shown one by one"))}</td></tr>'
    )


def table_rows(table: DomainTable) -> SafeString:
    """The rows of one domain's table: the total, the groups, and the hidden groups' clients together."""
    rows = [figures_row(f) for f in [table.total, *table.groups]]
    together = table.hidden_together
    if together is not None:
        rows.append(hidden_together_row(together))
    return mark_safe("\n".join(rows))  # noqa: S308  (escaped)


def heading_row() -> SafeString:
    """The column headings, the same for every domain's table."""
    labels = [
        _("Mean change"),
        _("95 %% CI").replace("%%", "%"),  # the template's msgid, which escapes the %
        _("SRM"),
        _("Improved"),
        _("Unchanged"),
        _("Worsened"),
    ]
    cells = "".join(f'<th scope="col" class="num">{escape(label)}</th>' for label in labels)
    return mark_safe(  # noqa: S308  (escaped)
        f'<tr><th scope="col">{escape(_("Group"))}</th>'
        f'<th scope="col" class="num">{escape(_("Clients"))}</th>{cells}</tr>'
    )


def caption(table: DomainTable, by_label: str) -> str:
    return _("By %(by)s; minimal important difference %(mid)s points") % {
        "by": by_label,
        "mid": fixed(table.mid, 1),
    }
