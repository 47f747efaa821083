"""THL's AVAIN measure in the client plan of working-age services, read from a data file.

AVAIN has four components: the goals and their attainment, the situational factors that affect the goals
(tilannetekijät), the services and the social-work methods, each rated when the plan is made and re-rated at
every review (a new plan version). The items and scales are data, not code: Polku ships
`polku/plans/definitions/avain.v1.yaml` (its source, its date and what in it is unverified are written in
the file) and a county that uses a newer list points the setting or environment variable
`POLKU_AVAIN_FILE` at its own copy. A file that breaks the format stops `polku check` and the server start
(system check plans.E001) with a message naming the file and the place.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from polku.core.datafile import DataReader, Text

FORMAT = "polku-avain/1"
BUILT_IN = Path(__file__).resolve().parent / "definitions" / "avain.v1.yaml"
# The components whose items the worker picks; the goals are the plan's own goals.
LISTED = ("factors", "services", "methods")
COMPONENTS = ("goals", *LISTED)
# Services and methods may be recorded as in use before they can be rated (at the first plan).
UNRATED_ALLOWED = ("services", "methods")


class AvainFileError(ValueError):
    """An AVAIN data file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True)
class Option:
    value: int
    label: Text


@dataclass(frozen=True)
class Scale:
    id: str
    title: Text
    options: tuple[Option, ...]
    verified: bool

    @property
    def min(self) -> int:
        return self.options[0].value

    @property
    def max(self) -> int:
        return self.options[-1].value

    def accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.min <= value <= self.max

    def label(self, value: int | None) -> str:
        return next((str(o.label) for o in self.options if o.value == value), "–")


@dataclass(frozen=True)
class Item:
    code: str
    label: Text
    verified: bool


@dataclass(frozen=True)
class Component:
    id: str
    title: Text
    scale: Scale
    items: tuple[Item, ...]

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def item_label(self, code: str) -> str:
        item = self.item(code)
        return str(item.label) if item else code  # an item a newer file dropped keeps its code


@dataclass(frozen=True)
class Avain:
    version: int
    title: Text
    source: str
    retrieved: str
    components: dict[str, Component]

    def component(self, component_id: str) -> Component:
        return self.components[component_id]


class _Reader(DataReader):
    error = AvainFileError

    def verified(self, data: dict[str, Any], where: str) -> bool:
        if not isinstance(data.get("verified"), bool):
            raise self.fail(
                where, "say whether it was checked against THL's publication: verified: true|false"
            )
        return bool(data["verified"])


def _scale(r: _Reader, raw: Any, where: str) -> Scale:
    data = r.mapping(raw, where)
    scale_id = r.ident(data.get("id"), f"{where}.id")
    where = f'{where} (id "{scale_id}")'
    options = []
    for j, opt in enumerate(r.sequence(data.get("options"), f"{where}.options")):
        opt = r.mapping(opt, f"{where}.options[{j}]")
        value = opt.get("value")
        if isinstance(value, bool) or not isinstance(value, int):
            raise r.fail(f"{where}.options[{j}].value", f"expected a whole number, got {value!r}")
        options.append(Option(value, r.text(opt.get("label"), f"{where}.options[{j}].label")))
    values = [o.value for o in options]
    if values != list(range(values[0], values[0] + len(values))):
        raise r.fail(f"{where}.options", "values must be consecutive whole numbers in rising order")
    return Scale(
        scale_id, r.text(data.get("title"), f"{where}.title"), tuple(options), r.verified(data, where)
    )


def parse(raw: Any, name: str) -> Avain:
    r = _Reader(name)
    data = r.mapping(raw, "file")
    if data.get("format") != FORMAT:
        raise r.fail("format", f"expected {FORMAT!r}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise r.fail("version", "expected a whole number from 1")
    for key in ("source", "retrieved"):
        if data.get(key) is None or not str(data[key]).strip():
            raise r.fail(key, "write where the lists come from and when they were read")
    scales: dict[str, Scale] = {}
    for i, raw_scale in enumerate(r.sequence(data.get("scales"), "scales")):
        scale = _scale(r, raw_scale, f"scales[{i}]")
        if scale.id in scales:
            raise r.fail(f"scales[{i}]", f"duplicate scale id {scale.id!r}")
        scales[scale.id] = scale
    raw_components = r.mapping(data.get("components"), "components")
    unknown = sorted(set(raw_components) - set(COMPONENTS))
    if unknown:
        raise r.fail("components", f"unknown component(s) {', '.join(unknown)}")
    components: dict[str, Component] = {}
    for component_id in COMPONENTS:
        where = f"components.{component_id}"
        if component_id not in raw_components:
            raise r.fail("components", f"missing component {component_id!r}")
        comp = r.mapping(raw_components[component_id], where)
        scale_id = comp.get("scale")
        if scale_id not in scales:
            raise r.fail(f"{where}.scale", f"unknown scale {scale_id!r}")
        items: list[Item] = []
        if component_id in LISTED:
            for j, raw_item in enumerate(r.sequence(comp.get("items"), f"{where}.items")):
                item_where = f"{where}.items[{j}]"
                item = r.mapping(raw_item, item_where)
                code = r.ident(item.get("code"), f"{item_where}.code")
                if len(code) > 60:
                    raise r.fail(f"{item_where}.code", "at most 60 characters")
                if any(i.code == code for i in items):
                    raise r.fail(item_where, f"duplicate item code {code!r}")
                items.append(
                    Item(code, r.text(item.get("label"), f"{item_where}.label"), r.verified(item, item_where))
                )
        elif "items" in comp:
            raise r.fail(where, "the goals are the plan's own: no items")
        components[component_id] = Component(
            component_id, r.text(comp.get("title"), f"{where}.title"), scales[scale_id], tuple(items)
        )
    return Avain(
        version=version,
        title=r.text(data.get("title"), "title"),
        source=str(data["source"]).strip(),
        retrieved=str(data["retrieved"]).strip(),
        components=components,
    )


def avain_path() -> Path:
    chosen = getattr(settings, "POLKU_AVAIN_FILE", None) or os.environ.get("POLKU_AVAIN_FILE", "")
    return Path(chosen) if chosen else BUILT_IN


@functools.cache
def avain() -> Avain:
    """The AVAIN lists and scales in use; loaded once per process."""
    path = avain_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AvainFileError(f"{path}: cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise AvainFileError(f"{path.name}: not valid YAML: {exc}") from exc
    return parse(raw, path.name)
