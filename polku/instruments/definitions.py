"""Instrument definitions (mittarit) as data files: loaded, schema-checked and kept in memory.

An instrument is a YAML file (format documented in docs/instruments.md). Polku ships its own in
`polku/instruments/definitions/`; an organisation adds instruments it holds a licence for by pointing
`POLKU_INSTRUMENT_DIRS` (setting or environment variable, paths separated by the OS path separator) at
folders of more files. A file that breaks the schema stops loading with a message naming the file and the
place in it, e.g. `items[3] (id "mental_2"): unknown scale "zero_to_eleven"`: a half-understood instrument
would score clients wrongly.

Each (code, version) pair is one definition; answers keep the version they were given with, so an edited
instrument is a new version beside the old one and old answers keep their meaning.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from polku.core.datafile import DataReader, Text

FORMAT = "polku-instrument/1"
BUILT_IN_DIR = Path(__file__).resolve().parent / "definitions"
PURPOSES = ("outcome", "feedback", "survey")
RESPONDENTS = ("client", "worker")
OVERALL = "overall"


class InstrumentFileError(ValueError):
    """A definition file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True)
class Option:
    value: int
    label: Text


@dataclass(frozen=True)
class Scale:
    """The answers an item takes: whole numbers from `min` to `max`, each labelled or labelled at the ends."""

    id: str
    min: int
    max: int
    options: tuple[Option, ...]  # one per value; unlabelled values of a numeric scale have empty labels

    def accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.min <= value <= self.max


@dataclass(frozen=True)
class Item:
    id: str
    text: Text
    scale: Scale
    reverse: bool


@dataclass(frozen=True)
class Band:
    """Feedback for a score from `start` up to the next band's start."""

    start: float
    text: Text
    next_steps: Text | None
    going_well: bool


@dataclass(frozen=True)
class Domain:
    id: str
    title: Text
    items: tuple[str, ...]
    minimal_important_difference: float
    bands: tuple[Band, ...]
    min_answered: int
    mean_of_domains: bool = False  # the overall score as the mean of the domain scores

    def band_for(self, score: float) -> Band | None:
        found = None
        for band in self.bands:
            if score >= band.start:
                found = band
        return found


@dataclass(frozen=True)
class Page:
    title: Text
    items: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    purpose: str
    respondent: str
    title: Text
    introduction: Text
    licence: str
    score_min: float
    score_max: float
    scales: Mapping[str, Scale]
    items: Mapping[str, Item]
    domains: tuple[Domain, ...]  # the overall score, when defined, is the last one
    pages: tuple[Page, ...]
    source: str = field(default="", compare=False)
    # Client languages whose texts still wait for a person who knows the language (docs/languages.md).
    review_needed: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def domain(self, domain_id: str) -> Domain:
        return next(d for d in self.domains if d.id == domain_id)

    @property
    def tracks_change(self) -> bool:
        return self.purpose == "outcome" and self.respondent == "client"


class _Reader(DataReader):
    error = InstrumentFileError


def _scale(r: _Reader, raw: Any, where: str) -> Scale:
    data = r.mapping(raw, where)
    r.only(data, where, {"id", "min", "max", "anchors", "options"})
    scale_id = r.ident(data.get("id"), f"{where}.id")
    where = f'{where} (id "{scale_id}")'
    if "options" in data:
        options = []
        for j, opt in enumerate(r.sequence(data["options"], f"{where}.options")):
            opt_where = f"{where}.options[{j}]"
            opt = r.mapping(opt, opt_where)
            options.append(
                Option(r.integer(opt.get("value"), f"{opt_where}.value"), r.text(opt.get("label"), opt_where))
            )
        values = [o.value for o in options]
        if values != list(range(values[0], values[0] + len(values))):
            raise r.fail(f"{where}.options", "values must be consecutive whole numbers in rising order")
        return Scale(scale_id, values[0], values[-1], tuple(options))
    low, high = r.integer(data.get("min"), f"{where}.min"), r.integer(data.get("max"), f"{where}.max")
    if high <= low:
        raise r.fail(where, "max must be greater than min")
    anchors = r.mapping(data.get("anchors", {}), f"{where}.anchors")
    labels: dict[int, Text] = {}
    for value, label in anchors.items():
        if not isinstance(value, int) or not low <= value <= high:
            raise r.fail(f"{where}.anchors", f"anchor {value!r} is outside the scale {low}–{high}")
        labels[value] = r.text(label, f"{where}.anchors[{value}]")
    empty = Text({})
    return Scale(scale_id, low, high, tuple(Option(v, labels.get(v, empty)) for v in range(low, high + 1)))


def _bands(r: _Reader, raw: Any, where: str) -> tuple[Band, ...]:
    bands = []
    for j, band in enumerate(r.sequence(raw, where)):
        band_where = f"{where}[{j}]"
        data = r.mapping(band, band_where)
        r.only(data, band_where, {"from", "text", "next_steps", "going_well"})
        bands.append(
            Band(
                start=r.number(data.get("from"), f"{band_where}.from"),
                text=r.text(data.get("text"), f"{band_where}.text"),
                next_steps=r.text(data["next_steps"], f"{band_where}.next_steps")
                if "next_steps" in data
                else None,
                going_well=bool(data.get("going_well", False)),
            )
        )
    if [b.start for b in bands] != sorted({b.start for b in bands}):
        raise r.fail(where, "bands must start at rising scores")
    return tuple(bands)


def _mid_and_bands(
    r: _Reader, data: dict[str, Any], where: str, outcome: bool
) -> tuple[float, tuple[Band, ...]]:
    """An outcome instrument needs a minimal important difference and feedback bands; others may omit them."""
    if not outcome and "minimal_important_difference" not in data and "feedback" not in data:
        return 0.0, ()
    key = "minimal_important_difference"
    mid = r.number(data.get(key), f"{where}.{key}")
    if mid <= 0:
        raise r.fail(f"{where}.{key}", "must be greater than zero")
    return mid, _bands(r, data.get("feedback"), f"{where}.feedback")


def _domain(
    r: _Reader, raw: Any, where: str, items: Mapping[str, Item], used: set[str], outcome: bool
) -> Domain:
    data = r.mapping(raw, where)
    r.only(data, where, {"id", "title", "items", "minimal_important_difference", "feedback", "min_answered"})
    domain_id = r.ident(data.get("id"), f"{where}.id")
    where = f'{where} (id "{domain_id}")'
    item_ids = tuple(r.sequence(data.get("items"), f"{where}.items"))
    for item_id in item_ids:
        if item_id not in items:
            raise r.fail(f"{where}.items", f"unknown item {item_id!r}")
        if item_id in used:
            raise r.fail(f"{where}.items", f"item {item_id!r} already belongs to another domain")
        used.add(item_id)
    mid, bands = _mid_and_bands(r, data, where, outcome)
    min_answered = r.integer(data.get("min_answered", (len(item_ids) + 1) // 2), f"{where}.min_answered")
    if not 1 <= min_answered <= len(item_ids):
        raise r.fail(f"{where}.min_answered", f"must be between 1 and {len(item_ids)}")
    return Domain(
        id=domain_id,
        title=r.text(data.get("title"), f"{where}.title"),
        items=item_ids,
        minimal_important_difference=mid,
        bands=bands,
        min_answered=min_answered,
    )


def _overall(r: _Reader, raw: Any, items: Mapping[str, Item], used: set[str], outcome: bool) -> Domain:
    where = "overall"
    data = r.mapping(raw, where)
    r.only(data, where, {"title", "item", "mean_of_domains", "minimal_important_difference", "feedback"})
    if ("item" in data) == bool(data.get("mean_of_domains")):
        raise r.fail(where, "give either `item` or `mean_of_domains: true`")
    item_ids: tuple[str, ...] = ()
    if "item" in data:
        if data["item"] not in items:
            raise r.fail(f"{where}.item", f"unknown item {data['item']!r}")
        if data["item"] in used:
            raise r.fail(f"{where}.item", f"item {data['item']!r} already belongs to a domain")
        used.add(data["item"])
        item_ids = (data["item"],)
    mid, bands = _mid_and_bands(r, data, where, outcome)
    return Domain(
        id=OVERALL,
        title=r.text(data.get("title"), f"{where}.title"),
        items=item_ids,
        minimal_important_difference=mid,
        bands=bands,
        min_answered=1,
        mean_of_domains=bool(data.get("mean_of_domains")),
    )


def _pages(r: _Reader, raw: Any, items: Mapping[str, Item], domains: tuple[Domain, ...]) -> tuple[Page, ...]:
    if raw is None:
        # One page per domain, in the order of the domains; items of no domain first.
        loose = tuple(i for i in items if not any(i in d.items for d in domains))
        pages = [Page(Text({}), loose)] if loose else []
        pages += [Page(d.title, d.items) for d in domains if d.items]
        return tuple(pages)
    pages, seen = [], set()
    for j, page in enumerate(r.sequence(raw, "pages")):
        where = f"pages[{j}]"
        data = r.mapping(page, where)
        page_items = tuple(r.sequence(data.get("items"), f"{where}.items"))
        for item_id in page_items:
            if item_id not in items:
                raise r.fail(f"{where}.items", f"unknown item {item_id!r}")
            if item_id in seen:
                raise r.fail(f"{where}.items", f"item {item_id!r} is on two pages")
            seen.add(item_id)
        pages.append(Page(r.text(data.get("title"), f"{where}.title"), page_items))
    missing = [i for i in items if i not in seen]
    if missing:
        raise r.fail("pages", f"items on no page: {', '.join(missing)}")
    return tuple(pages)


def _items(r: _Reader, raw: Any, scales: Mapping[str, Scale]) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for i, entry in enumerate(r.sequence(raw, "items")):
        where = f"items[{i}]"
        data = r.mapping(entry, where)
        r.only(data, where, {"id", "text", "scale", "reverse"})
        item_id = r.ident(data.get("id"), f"{where}.id")
        where = f'{where} (id "{item_id}")'
        if item_id in items:
            raise r.fail(where, f"duplicate item id {item_id!r}")
        if data.get("scale") not in scales:
            raise r.fail(where, f"unknown scale {data.get('scale')!r}")
        items[item_id] = Item(
            item_id,
            r.text(data.get("text"), f"{where}.text"),
            scales[data["scale"]],
            bool(data.get("reverse")),
        )
    return items


TOP_KEYS = {
    "format", "code", "version", "purpose", "respondent", "title", "introduction", "licence",
    "score_range", "scales", "items", "domains", "overall", "pages", "review_needed",
}  # fmt: skip


def parse_definition(raw: Any, source: str) -> Instrument:
    """Check one parsed file against the schema and build its definition."""
    r = _Reader(source)
    data = r.mapping(raw, "top level")
    r.only(data, "top level", TOP_KEYS)
    if data.get("format") != FORMAT:
        raise r.fail("format", f"expected {FORMAT!r}, got {data.get('format')!r}")
    code = r.ident(data.get("code"), "code")
    version = r.integer(data.get("version"), "version")
    purpose, respondent = data.get("purpose", "outcome"), data.get("respondent", "client")
    if purpose not in PURPOSES:
        raise r.fail("purpose", f"unknown purpose {purpose!r}; one of {', '.join(PURPOSES)}")
    if respondent not in RESPONDENTS:
        raise r.fail("respondent", f"unknown respondent {respondent!r}; one of {', '.join(RESPONDENTS)}")
    score_range = data.get("score_range", [0, 10])
    if not isinstance(score_range, list) or len(score_range) != 2:
        raise r.fail("score_range", "expected [lowest, highest]")
    low, high = (r.number(v, "score_range") for v in score_range)
    scales: dict[str, Scale] = {}
    for i, raw_scale in enumerate(r.sequence(data.get("scales"), "scales")):
        scale = _scale(r, raw_scale, f"scales[{i}]")
        if scale.id in scales:
            raise r.fail(f"scales[{i}]", f"duplicate scale id {scale.id!r}")
        scales[scale.id] = scale
    items = _items(r, data.get("items"), scales)
    used: set[str] = set()
    outcome = purpose == "outcome"
    domains = [
        _domain(r, d, f"domains[{i}]", items, used, outcome) for i, d in enumerate(data.get("domains") or [])
    ]
    if len({d.id for d in domains}) != len(domains) or any(d.id == OVERALL for d in domains):
        raise r.fail("domains", f"domain ids must be unique and not {OVERALL!r}")
    if "overall" in data:
        domains.append(_overall(r, data["overall"], items, used, outcome))
    if not domains:
        raise r.fail("top level", "an instrument needs at least one domain or an overall score")
    return Instrument(
        code=code,
        version=version,
        purpose=purpose,
        respondent=respondent,
        title=r.text(data.get("title"), "title"),
        introduction=r.text(data.get("introduction"), "introduction"),
        licence=str(data.get("licence", "")),
        score_min=low,
        score_max=high,
        scales=scales,
        items=items,
        domains=tuple(domains),
        pages=_pages(r, data.get("pages"), items, tuple(domains)),
        source=source,
        review_needed=_review_needed(r, data["review_needed"]) if "review_needed" in data else (),
    )


def _review_needed(r: _Reader, raw: Any) -> tuple[str, ...]:
    codes = tuple(str(code) for code in r.sequence(raw, "review_needed"))
    unknown = [code for code in codes if code not in settings.POLKU_CLIENT_LANGUAGES]
    if unknown:
        raise r.fail("review_needed", f"not a client language: {', '.join(unknown)}")
    return codes


def load_file(path: Path) -> Instrument:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentFileError(f"{path.name}: not valid YAML: {exc}") from exc
    return parse_definition(raw, path.name)


def instrument_dirs() -> list[Path]:
    extra = getattr(settings, "POLKU_INSTRUMENT_DIRS", None) or os.environ.get("POLKU_INSTRUMENT_DIRS", "")
    if isinstance(extra, str):
        extra = [p for p in extra.split(os.pathsep) if p]
    return [BUILT_IN_DIR, *(Path(p) for p in extra)]


@functools.cache
def registry() -> dict[tuple[str, int], Instrument]:
    """Every definition by (code, version); loaded once per process."""
    found: dict[tuple[str, int], Instrument] = {}
    for folder in instrument_dirs():
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            instrument = load_file(path)
            if (instrument.code, instrument.version) in found:
                other = found[(instrument.code, instrument.version)].source
                raise InstrumentFileError(
                    f"{path.name}: {instrument.key} is already defined in {other}; raise the version"
                )
            found[(instrument.code, instrument.version)] = instrument
    return found


def instruments() -> list[Instrument]:
    """The newest version of each instrument, by code."""
    newest: dict[str, Instrument] = {}
    for (code, version), instrument in sorted(registry().items()):
        newest[code] = instrument
        del version
    return sorted(newest.values(), key=lambda i: i.code)


def instrument_get(code: str, version: int | None = None) -> Instrument | None:
    """A definition by code, the newest version unless one is asked for; None when there is none."""
    if version is not None:
        return registry().get((code, version))
    return next((i for i in instruments() if i.code == code), None)
