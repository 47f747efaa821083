"""`{% national_name "service_task" code %}`: a stored national code by its name in the page's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from polku.codes import national

register = template.Library()

_SETS = {
    "service_task": national.SERVICE_TASK,
    "service_process": national.SERVICE_PROCESS,
    "need_reporter": national.NEED_REPORTER,
    "special_group": national.SPECIAL_GROUP,
}


@register.simple_tag
def national_name(code_set: str, code: str | Iterable[str] | None) -> str:
    """The name of `code` (or of each of a list of codes, joined with commas) in the set named by
    `code_set` (service_task, service_process, need_reporter, special_group); empty for no code."""
    oid = _SETS[code_set]
    if not code:
        return ""
    codes = [code] if isinstance(code, str) else list(code)
    return ", ".join(national.display_name(oid, one) for one in codes)
