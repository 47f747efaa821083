"""The national code sets Polku's records refer to, and the one way code reads them.

Interface other apps use (kept stable; the code-set work owns the implementation):
- the OIDs `SERVICE_TASK`, `SERVICE_PROCESS`, `NEED_REPORTER`, `SPECIAL_GROUP`;
- `coding(oid, code)`: the `Coding` of a code in a loaded code set, `LookupError` if it is not there;
- `code_check(oid, code, field=...)`: the same, or a `ValidationError` naming the field and the code set;
- `service_task_for(polku_task)`: the national service task of one of Polku's service tasks
  (`polku.clients.models.ServiceTask` values, e.g. "adult_social_work").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SERVICE_TASK = "1.2.246.537.6.1221"  # palvelutehtävä
SERVICE_PROCESS = "1.2.246.537.6.1277"  # palveluprosessi
NEED_REPORTER = "1.2.246.537.6.1243"  # palvelutarpeen ilmoittaja
SPECIAL_GROUP = "1.2.246.537.6.1229"  # erityisryhmä

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Coding:
    system: str  # the code set's OID
    code: str
    display: dict[str, str] = field(default_factory=dict)  # by language: fi, sv (en where known)

    def name(self, language: str = "fi") -> str:
        return self.display.get(language) or self.display.get("fi") or self.code

    def as_fhir(self, language: str = "fi") -> dict[str, Any]:
        return {"system": f"urn:oid:{self.system}", "code": self.code, "display": self.name(language)}


@cache
def _sets() -> dict[str, dict[str, Any]]:
    sets = {}
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sets[data["oid"]] = data
    return sets


def code_set_name(oid: str, language: str = "fi") -> str:
    names = _sets().get(oid, {}).get("name", {})
    return str(names.get(language) or names.get("fi") or oid)


def coding(oid: str, code: str) -> Coding:
    for entry in _sets().get(oid, {}).get("codes", []):
        if entry["code"] == code:
            return Coding(oid, code, {k: v for k, v in entry.items() if k in ("fi", "sv", "en")})
    raise LookupError(f"{code!r} is not in code set {oid}")


def code_check(oid: str, code: str, *, field: str) -> Coding:
    try:
        return coding(oid, code)
    except LookupError:
        raise ValidationError(
            {
                field: [
                    _("%(code)s is not in the code set %(set)s (%(oid)s).")
                    % {"code": code, "set": code_set_name(oid), "oid": oid}
                ]
            }
        ) from None


# Polku's service tasks (polku.clients.models.ServiceTask) → the national service task's code.
# Social rehabilitation (SHL 17 §) and rehabilitative work activity (Act 189/2001) are services of the
# adult social work service task; "other" services of Polku's casework belong to it too. The code "03" is
# provisional until the code service's export is loaded (see data/service_task.json).
_SERVICE_TASKS: dict[str, str] = {
    "adult_social_work": "03",
    "social_rehabilitation": "03",
    "rehabilitative_work_activity": "03",
    "other": "03",
}


def service_task_for(polku_task: str) -> Coding:
    return coding(SERVICE_TASK, _SERVICE_TASKS[polku_task])
