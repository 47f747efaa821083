"""The segment rule: which recorded facts place a client on each of Suuntima's two axes, read from a data file
a county may replace (docs/segments.md).

Polku ships `polku/segments/data/rule.yaml`; `POLKU_SEGMENT_RULE_FILE` (setting or environment variable)
points at another. The rule may name only the fields of FIELDS, the facts Polku reads from the records
(polku.segments.facts). A file that names an unknown field or gives a bad number is refused with a
ValidationError that names the file, the place and the field, and stops `polku check` and the server start
(system check segments.E001): no placement is made and no review is saved under a broken rule.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FORMAT = "polku-segment-rule/1"
BUILT_IN = Path(__file__).resolve().parent / "data" / "rule.yaml"
AXES = ("load", "resources")
MAX_WEIGHT = 100.0


@dataclass(frozen=True)
class Field:
    kind: str  # "bool", "count", "share" (0..1, or none when nothing to count) or "choice"
    label: Promise
    choices: tuple[str, ...] = ()


# The facts a rule may use; each is read for many clients at once by polku.segments.facts.
FIELDS: dict[str, Field] = {
    "special_support": Field("bool", _("Special support determined and in force")),
    "assessed_need": Field(
        "choice",
        _("The service need assessment's view of the need"),
        ("temporary", "recurring", "long_term", "none"),
    ),
    "personal_worker_needed": Field(
        "choice", _("The assessment's view: a personal worker is needed"), ("yes", "no", "unknown", "none")
    ),
    "services_12m": Field("count", _("Services in the last 12 months")),
    "authority_contacts_12m": Field("count", _("Contacts from other authorities in the last 12 months")),
    "has_plan": Field("bool", _("A client plan has been made")),
    "plan_goals": Field("count", _("Goals in the latest client plan")),
    "goals_attained_share": Field(
        "share", _("Share of the latest plan's rated goals attained largely or fully")
    ),
}


@dataclass(frozen=True)
class Fact:
    """One line of an axis: `weight` points when the client's `field` meets the condition."""

    field: str
    weight: float
    is_: bool | None = None  # bool fields
    at_least: float | None = None  # count and share fields
    at_most: float | None = None
    in_: tuple[str, ...] = ()  # choice fields

    def met(self, value: Any) -> bool:
        kind = FIELDS[self.field].kind
        if kind == "bool":
            return bool(value) is (True if self.is_ is None else self.is_)
        if kind == "choice":
            return value in self.in_
        if value is None:
            return False
        return (self.at_least is None or value >= self.at_least) and (
            self.at_most is None or value <= self.at_most
        )


@dataclass(frozen=True)
class Axis:
    high_from: float
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Rule:
    source: str
    load: Axis
    resources: Axis
    heavy_services_at_least: int
    heavy_contacts_at_least: int

    def axis(self, name: str) -> Axis:
        return self.load if name == "load" else self.resources


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> ValidationError:
        return ValidationError(f"{self.source}: {where}: {message}", code="segment_rule")

    def mapping(self, value: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping of keys to values")
        unknown = sorted(str(key) for key in set(value) - set(allowed))
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(unknown)}; expected {', '.join(allowed)}")
        return value

    def number(self, value: Any, where: str, *, low: float, high: float, above_low: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise self.fail(where, f"expected a number, got {value!r}")
        if value < low or value > high or (above_low and value == low):
            bound = f"above {low:g}" if above_low else f"from {low:g}"
            raise self.fail(where, f"{value!r} is out of range: expected a number {bound} to {high:g}")
        return float(value)

    def whole(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
            raise self.fail(where, f"expected a whole number from 1 to 1000, got {value!r}")
        return value


def _fact(r: _Reader, raw: Any, where: str) -> Fact:
    data = r.mapping(raw, where, ("field", "weight", "is", "at_least", "at_most", "in"))
    name = data.get("field")
    if name not in FIELDS:
        raise r.fail(f"{where}.field", f"unknown field {name!r}; the known fields are {', '.join(FIELDS)}")
    field = FIELDS[name]
    weight = r.number(data.get("weight"), f"{where}.weight", low=0, high=MAX_WEIGHT, above_low=True)
    allowed = {
        "bool": {"is"},
        "choice": {"in"},
        "count": {"at_least", "at_most"},
        "share": {"at_least", "at_most"},
    }
    given = set(data) - {"field", "weight"}
    if not given <= allowed[field.kind]:
        wrong = ", ".join(sorted(given - allowed[field.kind]))
        raise r.fail(where, f"the field {name!r} ({field.kind}) takes no {wrong}")
    if field.kind == "bool":
        value = data.get("is", True)
        if not isinstance(value, bool):
            raise r.fail(f"{where}.is", f"expected true or false, got {value!r}")
        return Fact(name, weight, is_=value)
    if field.kind == "choice":
        values = data.get("in")
        if not isinstance(values, list) or not values or any(v not in field.choices for v in values):
            raise r.fail(f"{where}.in", f"expected a list of {', '.join(field.choices)}, got {values!r}")
        return Fact(name, weight, in_=tuple(values))
    if not given:
        raise r.fail(where, f"the field {name!r} needs at_least or at_most")
    high = 1.0 if field.kind == "share" else 10000.0
    bounds = {
        key: r.number(data[key], f"{where}.{key}", low=0, high=high)
        for key in ("at_least", "at_most")
        if key in data
    }
    return Fact(name, weight, at_least=bounds.get("at_least"), at_most=bounds.get("at_most"))


def _axis(r: _Reader, raw: Any, where: str) -> Axis:
    data = r.mapping(raw, where, ("high_from", "facts"))
    facts = data.get("facts")
    if not isinstance(facts, list) or not facts:
        raise r.fail(f"{where}.facts", "expected a non-empty list")
    parsed = tuple(_fact(r, fact, f"{where}.facts[{i}]") for i, fact in enumerate(facts))
    high_from = r.number(
        data.get("high_from"), f"{where}.high_from", low=0, high=MAX_WEIGHT * len(parsed), above_low=True
    )
    return Axis(high_from, parsed)


def rule_parse(data: Any, source: str) -> Rule:
    """The rule of a parsed file; a ValidationError naming the file, the place and the field otherwise."""
    r = _Reader(source)
    top = r.mapping(data, "the file", ("format", "source", "axes", "heavy_users"))
    if top.get("format") != FORMAT:
        raise r.fail("format", f"expected {FORMAT!r}")
    axes = r.mapping(top.get("axes"), "axes", AXES)
    missing = [name for name in AXES if name not in axes]
    if missing:
        raise r.fail("axes", f"missing {', '.join(missing)}")
    heavy = r.mapping(top.get("heavy_users"), "heavy_users", ("services_at_least", "contacts_at_least"))
    return Rule(
        source=str(top.get("source", "")),
        load=_axis(r, axes["load"], "axes.load"),
        resources=_axis(r, axes["resources"], "axes.resources"),
        heavy_services_at_least=r.whole(heavy.get("services_at_least"), "heavy_users.services_at_least"),
        heavy_contacts_at_least=r.whole(heavy.get("contacts_at_least"), "heavy_users.contacts_at_least"),
    )


def rule_read(path: Path) -> Rule:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError(f"{path}: the file: {exc}", code="segment_rule") from exc
    return rule_parse(data, str(path))


@functools.cache
def _cached(path: str) -> Rule:
    return rule_read(Path(path))


def rule_path() -> Path:
    chosen = getattr(settings, "POLKU_SEGMENT_RULE_FILE", None) or os.environ.get(
        "POLKU_SEGMENT_RULE_FILE", ""
    )
    return Path(chosen) if chosen else BUILT_IN


def rule() -> Rule:
    """The rule in use (POLKU_SEGMENT_RULE_FILE, else the built-in file), read once per file."""
    return _cached(str(rule_path()))
