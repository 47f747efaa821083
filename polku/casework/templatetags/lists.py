"""The rows of casework's long lists, written in Python: `{% load lists %}`, then
`{% queue_rows rows may_take worker_options %}` (the team queue), `{% board_rows rows %}` (the deadline
board) and `{% caseload_rows rows %}` (a worker's caseload).

A queue row carries four small forms (take, assign, urgency, close): fifty rows were some 2,300 template
nodes, two thirds of the page's cost; a board row a dozen. The texts are the templates' msgids. A queue row's
forms take their htmx target and swap from the table (htmx inherits them), and the rows are written without
indentation: a page of fifty rows was 217 kB.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext

from polku.casework.selectors import BoardRow, CaseloadRow, QueueRow
from polku.core.formats import day, moment
from polku.core.markup import esc

register = template.Library()


def _row(
    row: QueueRow, url: dict[str, str], *, may_take: bool, options: str, csrf: str, t: dict[str, str]
) -> str:
    e = esc
    version = f'<input type="hidden" name="version" value="{row.version}">'
    age = ngettext("%(age)s year", "%(age)s years", row.age) % {"age": row.age}
    initiator = f": {e(row.initiator)}" if row.initiator else ""
    justification = (
        f'<br><span class="help">{e(Truncator(row.justification).chars(160))}</span>'
        if row.justification
        else ""
    )
    service_task = f'<br><span class="help">{e(row.service_task)}</span>' if row.service_task else ""
    notice = (
        f'<br><span class="badge">{e(row.notice_type)}</span>'
        + (f' <span class="help">{e(t["notice_due"])} {day(row.notice_due)}</span>' if row.notice_due else "")
        if row.notice_type
        else ""
    )
    due = (
        day(row.assessment_start_due)
        if row.assessment_start_due
        else f'<span class="help">{t["no_limit"]}</span>'
    )
    take = (
        f'<form method="post" action="{e(url["take"])}" hx-post="{e(url["take"])}">\n'
        f'{csrf}<button type="submit" class="button">{t["take"]}</button>\n'
        "</form>\n"
        if may_take
        else ""
    )
    worker_for = e(gettext("Worker for %(name)s") % {"name": row.client_full_name})
    return (
        f'<tr id="initiation-{row.pk}">\n'
        f'<td><a href="{e(url["client"])}">{e(row.last_name)} {e(row.first_name)}</a>\n'
        f'<br><span class="help">{e(age)}</span>\n'
        f"{t['urgent_badge'] if row.urgent else ''}</td>\n"
        f"<td>{moment(row.initiated_at)}"
        f'<br><span class="help">{e(capfirst(row.initiator_type))}{initiator}</span></td>\n'
        f"<td>{e(row.need)}{notice}{justification}{service_task}</td>\n"
        f"<td>{due}</td>\n"
        '<td class="actions">\n'
        f"{take}"
        f'<form method="post" action="{e(url["assign"])}" hx-post="{e(url["assign"])}" '
        'class="inline-form" novalidate>\n'
        f"{csrf}{version}\n"
        f'<label for="worker-{row.pk}" class="visually-hidden">{worker_for}</label>\n'
        f'<select id="worker-{row.pk}" name="worker" required>\n'
        f'<option value="">{t["no_worker"]}</option>\n'
        f"{options}\n"
        "</select>\n"
        f'<button type="submit" class="button button--secondary">{t["assign"]}</button>\n'
        "</form>\n"
        f'<form method="post" action="{e(url["urgent"])}" hx-post="{e(url["urgent"])}">\n'
        f'{csrf}<input type="hidden" name="urgent" value="{0 if row.urgent else 1}">{version}\n'
        f'<button type="submit" class="button button--secondary">'
        f"{t['not_urgent'] if row.urgent else t['mark_urgent']}</button>\n"
        "</form>\n"
        "<details>\n"
        f"<summary>{t['close']}</summary>\n"
        f'<form method="post" action="{e(url["close"])}" hx-post="{e(url["close"])}" '
        "novalidate>\n"
        f"{csrf}{version}\n"
        f'<label for="reason-{row.pk}">{t["reason"]}</label>\n'
        f'<input id="reason-{row.pk}" type="text" name="reason" required>\n'
        '<button type="submit" class="button button--secondary">'
        f"{t['close_initiation']}</button>\n"
        "</form>\n"
        "</details>\n"
        "</td>\n"
        "</tr>\n"
    )


@register.simple_tag(takes_context=True)
def queue_rows(
    context: dict[str, Any], rows: list[tuple[QueueRow, dict[str, str]]], may_take: bool, worker_options: str
) -> SafeString:
    texts = {
        "take": gettext("Take"),
        "assign": gettext("Assign"),
        "no_worker": gettext("– worker –"),
        "not_urgent": gettext("Not urgent"),
        "mark_urgent": gettext("Mark urgent"),
        "close": gettext("Close"),
        "reason": gettext("Reason for closing"),
        "close_initiation": gettext("Close the initiation"),
        "no_limit": gettext("no statutory limit"),
        "notice_due": gettext("to be acted on by"),
    }
    t = {key: esc(text) for key, text in texts.items()}
    t["urgent_badge"] = f'<br><span class="badge badge--urgent">{esc(gettext("Urgent"))}</span>'
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(context["request"])
    )
    options = esc(worker_options)
    return SafeString(
        "".join(_row(row, url, may_take=may_take, options=options, csrf=csrf, t=t) for row, url in rows)
    )


OVERDUE = ' class="overdue"'


@register.simple_tag
def board_rows(rows: list[tuple[str, str, BoardRow]]) -> SafeString:
    """The deadline board's rows: (the client's address, how much overdue or "", the row)."""
    e = esc
    kinds = {
        "start": e(gettext("assessment start")),
        "complete": e(gettext("assessment completion")),
        "service": e(gettext("service carried out (SHL 45)")),
    }
    urgent = f' <span class="badge badge--urgent">{e(gettext("Urgent"))}</span>'
    today = f"<strong>{e(gettext('today'))}</strong>"
    no_limit = f'<span class="help">{e(gettext("no statutory limit"))}</span>'
    out = []
    for url, overdue, row in rows:
        if overdue:
            left = f'<span class="badge badge--urgent">{e(overdue)}</span>'
        elif row.due is None:
            left = no_limit
        else:
            left = today if row.days_left == 0 else str(row.days_left)
        out.append(
            f"    <tr{OVERDUE if overdue else ''}>\n"
            f"      <td>{day(row.due) if row.due else '–'}</td>\n"
            f"      <td>{left}</td>\n"
            f"      <td>{kinds.get(row.kind, kinds['service'])}{urgent if row.urgent else ''}</td>\n"
            f'      <td><a href="{e(url)}">{e(row.last_name)} {e(row.first_name)}</a></td>\n'
            f"      <td>{e(row.team)}</td>\n"
            f"      <td>{e(row.handled_by or '–')}</td>\n"
            "    </tr>\n"
        )
    return SafeString("".join(out))


@register.simple_tag
def caseload_rows(rows: list[tuple[str, CaseloadRow]]) -> SafeString:
    """A caseload's rows: (the client's process page, the row), with the worker's part: personal worker,
    handling an open initiation, or both; and "arrears" beside a client with unsettled rent or energy
    arrears."""
    e = esc
    personal, handling = e(gettext("personal worker")), e(gettext("handles an initiation"))
    arrears_label = gettext("arrears")
    arrears = f' <span class="badge badge--urgent">{e(arrears_label)}</span>'

    def role(row: CaseloadRow) -> str:
        return ", ".join(
            text for text, on in ((personal, row.personal_worker), (handling, row.handling)) if on
        )

    return SafeString(
        "".join(
            f'<tr><td><a href="{e(url)}">{e(row.name)}</a>{arrears if row.arrears else ""}</td>'
            f"<td>{e(row.team)}</td>"
            f"<td>{day(row.since)}</td><td>{role(row)}</td></tr>"
            for url, row in rows
        )
    )
