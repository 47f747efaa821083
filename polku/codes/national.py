"""The national code sets Polku's records refer to, and the one way code reads them.

Interface other apps use (kept stable; the code-set work owns the implementation):
- the OIDs `SERVICE_TASK`, `SERVICE_PROCESS`, `NEED_REPORTER`, `SPECIAL_GROUP`;
- `coding(oid, code)`: the `Coding` of a code in a loaded code set, `LookupError` if it is not there;
- `code_check(oid, code, field=...)`: the same, or a `ValidationError` naming the field and the code set;
- `service_task_for(polku_task)`: the national service task of one of Polku's service tasks
  (`polku.clients.models.ServiceTask` values, e.g. "adult_social_work");
- `code_set_name(oid, language)`, `codes_of(oid)` (the codes in use, for a form's choices),
  `display_name(oid, code, language)` (a stored code's name, also from an older version of its set).

The codes come from the version of each set in use in the database (`polku.codes.models`, loaded by
`polku load_code_set` and by this app's migrations from polku/codes/data/). A process keeps them in memory
and asks the database at most every `RECHECK_SECONDS` whether another version came into use, so a page pays
nothing per lookup. Where the database has no version of a set (an emptied test database), the repository's
data file answers.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SERVICE_TASK = "1.2.246.537.6.1221"  # palvelutehtävä
SERVICE_PROCESS = "1.2.246.537.6.1277"  # palveluprosessi
NEED_REPORTER = "1.2.246.537.6.1243"  # palvelutarpeen ilmoittaja
SPECIAL_GROUP = "1.2.246.537.6.1229"  # erityisryhmä

# The code sets Polku uses and the repository file of each.
KNOWN_SETS: dict[str, str] = {
    SERVICE_TASK: "service_task.json",
    SERVICE_PROCESS: "service_process.json",
    NEED_REPORTER: "need_reporter.json",
    SPECIAL_GROUP: "special_group.json",
}

DATA = Path(__file__).parent / "data"
RECHECK_SECONDS = 30.0


@dataclass(frozen=True)
class Coding:
    system: str  # the code set's OID
    code: str
    display: dict[str, str] = field(default_factory=dict)  # by language: fi, sv (en where known)

    def name(self, language: str = "fi") -> str:
        return self.display.get(language) or self.display.get("fi") or self.code

    def as_fhir(self, language: str = "fi") -> dict[str, Any]:
        return {"system": f"urn:oid:{self.system}", "code": self.code, "display": self.name(language)}


@dataclass(frozen=True)
class CodeSet:
    oid: str
    version: str
    name: dict[str, str]
    codes: dict[str, Coding]  # in the set's order
    mapping: dict[str, str]  # Polku's keys → codes of this set (MAPPING_KEYS)


def _names(entry: dict[str, Any]) -> dict[str, str]:
    return {lang: str(entry[lang]) for lang in ("fi", "sv", "en") if entry.get(lang)}


@cache
def _repository_set(oid: str) -> CodeSet | None:
    file_name = KNOWN_SETS.get(oid)
    if file_name is None:
        return None
    data = json.loads((DATA / file_name).read_text(encoding="utf-8"))
    codes = {str(e["code"]): Coding(oid, str(e["code"]), _names(e)) for e in data["codes"]}
    mapping = {str(k): str(v) for k, v in (data.get("polku_mapping") or {}).items()}
    return CodeSet(oid, str(data["version"]), _names(data["name"]), codes, mapping)


class _Memory:
    """The active versions as this process last read them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked_at = float("-inf")
        self.key: tuple[int, ...] | None = None
        self.sets: dict[str, CodeSet] = {}


_memory = _Memory()


def forget() -> None:
    """Read the database again at the next lookup (after a load, and between tests)."""
    with _memory.lock:
        _memory.checked_at = float("-inf")
        _memory.key = None
        _memory.sets = {}


def _read_active() -> tuple[tuple[int, ...], dict[str, CodeSet]]:
    from polku.codes.models import CodeSetVersion, NationalCode

    versions = list(CodeSetVersion.objects.filter(active=True).order_by("pk"))
    key = tuple(v.pk for v in versions)
    if key == _memory.key:
        return key, _memory.sets
    codes: dict[int, dict[str, Coding]] = {v.pk: {} for v in versions}
    oid_of = {v.pk: v.oid for v in versions}
    rows = NationalCode.objects.filter(code_set__in=key).order_by("code_set", "order", "pk")
    for pk, code, fi, sv, en in rows.values_list("code_set", "code", "name_fi", "name_sv", "name_en"):
        display = {lang: text for lang, text in (("fi", fi), ("sv", sv), ("en", en)) if text}
        codes[pk][code] = Coding(oid_of[pk], code, display)
    sets = {
        v.oid: CodeSet(
            v.oid, v.version, _names({"fi": v.name_fi, "sv": v.name_sv}), codes[v.pk], dict(v.mapping or {})
        )
        for v in versions
    }
    return key, sets


def _set(oid: str) -> CodeSet | None:
    now = time.monotonic()
    with _memory.lock:
        if now - _memory.checked_at >= RECHECK_SECONDS:
            _memory.key, _memory.sets = _read_active()
            _memory.checked_at = now
        found = _memory.sets.get(oid)
    return found if found is not None else _repository_set(oid)


def code_set_name(oid: str, language: str = "fi") -> str:
    found = _set(oid)
    names = found.name if found else {}
    return str(names.get(language) or names.get("fi") or oid)


def code_set_version(oid: str) -> str:
    found = _set(oid)
    return found.version if found else ""


def codes_of(oid: str) -> list[Coding]:
    """The codes of the version in use, in the set's order."""
    found = _set(oid)
    return list(found.codes.values()) if found else []


def coding(oid: str, code: str) -> Coding:
    found = _set(oid)
    if found is not None and code in found.codes:
        return found.codes[code]
    raise LookupError(f"{code!r} is not in code set {oid}")


def code_check(oid: str, code: str, *, field: str) -> Coding:
    try:
        return coding(oid, code)
    except LookupError:
        raise ValidationError(
            {
                field: [
                    _("%(code)s is not in the code set %(set)s (%(oid)s).")
                    % {"code": code[:50], "set": code_set_name(oid, (get_language() or "fi")[:2]), "oid": oid}
                ]
            }
        ) from None


def display_name(oid: str, code: str, language: str | None = None) -> str:
    """The name of a stored code in `language` (the page's by default), from the version in use or, for a
    code an older version had, from the newest version that has it; the code itself when none has."""
    if not code:
        return ""
    language = (language or get_language() or "fi")[:2]
    try:
        return coding(oid, code).name(language)
    except LookupError:
        pass
    from polku.codes.models import NationalCode

    row = (
        NationalCode.objects.filter(code_set__oid=oid, code=code)
        .order_by("-code_set__loaded_at")
        .values("name_fi", "name_sv", "name_en")
        .first()
    )
    if row is None:
        return code
    return str(row.get(f"name_{language}") or row["name_fi"])


# Polku's own keys that map to a code of a set, stored with each version of the set (`CodeSetVersion.mapping`,
# from the data file's "polku_mapping" or `polku load_code_set --map KEY=CODE`): a new version of a set keeps
# the mapping of the version before it, and is refused if a mapped code is not in it.
# - the service task of each of Polku's service tasks (polku.clients.models.ServiceTask): social
#   rehabilitation (SHL 17 §), rehabilitative work activity (Act 189/2001) and Polku's other services are
#   services of adult social work;
# - the service process of each stage of Polku's casework;
# - the reporter of a need of a sender Polku recognises by name (Kela).
MAPPING_KEYS: dict[str, tuple[str, ...]] = {
    SERVICE_TASK: (
        "adult_social_work",
        "social_rehabilitation",
        "rehabilitative_work_activity",
        "other",
        "supplementary_assistance",
        "preventive_assistance",
        "social_credit",
    ),
    SERVICE_PROCESS: ("initiation", "assessment", "planning", "arranging", "providing", "ending"),
    NEED_REPORTER: ("kela",),
    SPECIAL_GROUP: (),
}


def _mapped(oid: str, key: str) -> Coding:
    found = _set(oid)
    code = found.mapping.get(key) if found else None
    if code is None:
        raise LookupError(f"{key!r} maps to no code of code set {oid}")
    return coding(oid, code)


def service_task_for(polku_task: str) -> Coding:
    return _mapped(SERVICE_TASK, polku_task)


def service_process_for(stage: str) -> Coding:
    """The national service process of a stage of Polku's casework (e.g. "initiation")."""
    return _mapped(SERVICE_PROCESS, stage)


def need_reporter_for(sender_kind: str) -> Coding:
    """The national reporter of a need of a kind of sender Polku recognises (e.g. "kela")."""
    return _mapped(NEED_REPORTER, sender_kind)
