"""What the system writes on the client's timeline, kept as a message code with its parameters and written
out in the reader's language when shown: a Swedish or English reader sees no Finnish the system wrote.
What people write (a note, a reason, a decision's text) is a parameter and stays as written.

A writer passes `message="assigned", params={"worker": worker}` to `journal_write`; `encode` keeps each
parameter so that it can be shown in any language: a lazy translation (a choice's label) by its msgid, a
code list row (`LabelInLanguage`, e.g. a contact's reason) and `in_languages(...)` by its label in each
language, a date by its ISO date, a list item by item, anything else as its text (people's and teams'
names, free text, numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, gettext_noop, override

from polku.core.formats import day

Params = dict[str, Any]

# The messages that are one sentence with parameters: code -> msgid. A message is never renamed or
# removed while entries carry its code (add a new code instead).
SENTENCES: dict[str, str] = {
    "assigned": gettext_noop("Assigned to %(worker)s."),
    "marked_urgent": gettext_noop("Marked urgent."),
    "marked_not_urgent": gettext_noop("Marked not urgent."),
    "initiation_closed": gettext_noop("Initiation closed: %(reason)s"),
    "relationship_ended": gettext_noop("Client relationship with %(team)s ended: %(reason)s"),
    "special_support_ended": gettext_noop("Special support ended on %(day)s: %(reason)s"),
    "client_plan_version": gettext_noop("Client plan version %(number)s."),
    "activation_plan": gettext_noop("Activation plan with %(office)s."),
    "service_started": gettext_noop("%(service)s at %(provider)s from %(start)s."),
    "service_ended": gettext_noop("%(service)s ended: %(summary)s"),
    "service_ends_on": gettext_noop("%(service)s ends on %(day)s: %(summary)s"),
    "service_ended_on": gettext_noop("%(service)s ended on %(day)s: %(summary)s"),
    "review": gettext_noop("%(service)s: goals %(average).1f/5. Next: %(next)s"),
    "kela_statement": gettext_noop("Statement to %(recipient)s: %(text)s"),
}

# The messages that only join their parameters (labels and people's text): code -> format.
JOINED: dict[str, str] = {
    "initiation": "%(initiator_type)s: %(need)s",
    "contact": "%(initiator)s: %(reasons)s. %(description)s",
    "special_support": "%(grounds)s. %(explanation)s",
    "assessment_completed": "%(duration)s. %(conclusion)s",
    "decision": "%(service)s: %(outcome)s. %(text)s",
}


def _personal_worker(params: Params) -> str:
    text = gettext("Personal worker: %(worker)s.") % params
    if params.get("alongside"):
        text += " " + gettext("Social worker alongside: %(worker)s.") % {"worker": params["alongside"]}
    return text


def _sentence(msgid: str) -> Callable[[Params], str]:
    return lambda params: gettext(msgid) % params


def _joined(form: str) -> Callable[[Params], str]:
    return lambda params: form % params


MESSAGES: dict[str, Callable[[Params], str]] = {
    **{code: _sentence(msgid) for code, msgid in SENTENCES.items()},
    **{code: _joined(form) for code, form in JOINED.items()},
    "personal_worker": _personal_worker,
}


class InLanguages(dict[str, str]):
    """A parameter as it reads in each language, made when the entry is written (`in_languages`)."""


def in_languages(text: Callable[[], object]) -> InLanguages:
    """`text()` in each of the site's languages: for a label a model makes in the active language (a
    service's name from its kind, a decision's outcome)."""
    labels = InLanguages()
    for code, _name in settings.LANGUAGES:
        with override(code):
            labels[code] = str(text())
    return labels


def encode(value: Any) -> Any:
    """A parameter as stored (JSON), so that `decode` can show it in any language."""
    if isinstance(value, InLanguages):
        return {"labels": dict(value)}
    if isinstance(value, Promise) and len(getattr(value, "_args", ())) == 1:  # gettext_lazy(msgid)
        return {"msgid": str(value._args[0])}  # type: ignore[attr-defined]
    if all(hasattr(value, f"label_{code}") for code, _name in settings.LANGUAGES):  # LabelInLanguage
        return {"labels": {code: str(getattr(value, f"label_{code}")) for code, _name in settings.LANGUAGES}}
    if isinstance(value, list | tuple):
        return {"list": [encode(item) for item in value]}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def decode(value: Any) -> Any:
    """A stored parameter in the active language."""
    if isinstance(value, dict):
        if "msgid" in value:
            return gettext(value["msgid"])
        if "labels" in value:
            labels = value["labels"]
            return labels.get((get_language() or "fi")[:2]) or labels.get("fi", "")
        if "list" in value:
            return ", ".join(str(decode(item)) for item in value["list"])
        if "date" in value:
            return day(date.fromisoformat(value["date"]))
    return value


def encode_params(params: Mapping[str, Any] | None) -> Params:
    return {name: encode(value) for name, value in (params or {}).items()}


def journal_text(message: str, params: Mapping[str, Any], summary: str) -> str:
    """An entry's text in the active language: its message with the parameters, or, for what a person
    wrote (no message), the text as written."""
    if not message:
        return summary
    return capfirst(MESSAGES[message]({name: decode(value) for name, value in params.items()}))


# --- Entries written before the codes: their text in the language it was written in -----------------


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression that reads the parameters back from a sentence made of `template`."""
    parts, at = [], 0
    for found in re.finditer(r"%\((\w+)\)(\.1f|s)", template):
        parts.append(re.escape(template[at : found.start()]))
        kind = r"-?[0-9]+(?:[.,][0-9]+)?" if found.group(2) == ".1f" else r".*?"
        parts.append(f"(?P<{found.group(1)}>{kind})")
        at = found.end()
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def _templates(language: str) -> list[tuple[str, str]]:
    """Each sentence message as it reads in `language`: (code, template)."""
    with override(language):
        worker = gettext("Personal worker: %(worker)s.")
        alongside = gettext("Social worker alongside: %(worker)s.").replace("%(worker)s", "%(alongside)s")
        return [
            *((code, gettext(msgid)) for code, msgid in SENTENCES.items()),
            ("personal_worker", f"{worker} {alongside}"),
            ("personal_worker", worker),
        ]


def recognise(summary: str, languages: Iterable[str]) -> tuple[str, Params] | None:
    """The message and parameters of a sentence the system wrote in one of `languages`, or None (a
    person's text, or a joined message whose parts cannot be told apart). A parameter comes back as the
    text it was written with."""
    for language in languages:
        for code, template in _templates(language):
            found = _pattern(template).match(summary)
            if found:
                params: Params = dict(found.groupdict())
                if "average" in params:
                    params["average"] = float(params["average"].replace(",", "."))
                return code, params
    return None
