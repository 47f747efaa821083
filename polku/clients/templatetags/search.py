"""`{% load search %}{% search_rows results %}`: the rows of a name search's page, written in Python (the same
markup the template had; a page of fifty rows was some 600 template nodes). Under address protection the
municipality is never written, only that it is protected."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from polku.clients.selectors import SearchRow
from polku.core.formats import day
from polku.core.markup import esc

register = template.Library()


@register.simple_tag
def search_rows(results: list[tuple[str, SearchRow]]) -> SafeString:
    e = esc
    badge = f' <span class="badge">{e(gettext("Address protection"))}</span>'
    protected = e(gettext("protected"))
    return SafeString(
        "".join(
            "\n    <tr>\n"
            f'      <td><a href="{e(url)}">{e(row.name)}</a>{badge if row.address_protection else ""}</td>\n'
            f"      <td>{day(row.birth_date)}</td>\n"
            f"      <td>{row.age}</td>\n"
            f"      <td>{protected if row.address_protection else e(row.municipality or '–')}</td>\n"
            "    </tr>\n  "
            for url, row in results
        )
    )
