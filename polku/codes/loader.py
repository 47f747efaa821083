"""Reading a code set file and storing it as a new version (`polku load_code_set`, and the migrations).

Three forms are read:
- a CSV download of a classification from the code service (koodistopalvelu.kanta.fi): one code a row, the
  header naming the columns; `;`, `,` or tab between fields; UTF-8 or, as the code service's published
  text files are, ISO-8859-1 (Windows-1252). The code is the column `CodeId` (or `Koodi`, `code`), its
  Finnish name `LongName` (or `Nimi`, `fi`), its Swedish name `LongName_sv` (or `Ruotsinnos`, `Nimi_sv`,
  `sv`), its English name `LongName_en` (or `en`); a code whose `ExpiringDate` (or `Loppupvm`) has passed
  is left out. A CSV does not carry its set's OID and version: the command takes them as options.
- a FHIR CodeSystem in JSON (`url` urn:oid:…, `version`, `concept` with `display` and a Swedish
  `designation`);
- Polku's own JSON (polku/codes/data/*.json): `oid`, `version`, `name` by language, `source`, `codes` with
  `code`, `fi`, `sv`, `en` and `verified`, and `polku_mapping` (Polku's keys → codes, see below).

A new version keeps the mapping of Polku's keys to codes (`national.MAPPING_KEYS`: which service task is adult
social work's, which reporter Kela's, …) of the version before it, changed by the file's `polku_mapping` and
the command's `--map KEY=CODE`; it is refused while a key maps to no code of it, so that a county loads a
version whose codes differ by saying the new mapping, not by changing Polku's code.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from polku.codes import national

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CODES = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._:/-]{0,49}$")

_COLUMNS = {
    "code": ("codeid", "code", "koodi", "koodiarvo", "codevalue"),
    "fi": ("longname", "longname_fi", "name", "name_fi", "nimi", "nimi_fi", "pitkanimi", "fi"),
    "sv": ("longname_sv", "name_sv", "nimi_sv", "ruotsinnos", "sv"),
    "en": ("longname_en", "name_en", "nimi_en", "en"),
    "ends": ("expiringdate", "enddate", "loppupvm", "voimassaoloppuu"),
}


class CodeSetError(Exception):
    """A file that cannot be loaded; `errors` says every reason found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ParsedCode:
    code: str
    fi: str
    sv: str = ""
    en: str = ""


@dataclass
class ParsedSet:
    oid: str
    version: str
    name_fi: str
    name_sv: str = ""
    source: str = ""
    provisional: bool = False
    codes: list[ParsedCode] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # only what the file or the command says

    def content_hash(self) -> str:
        body = json.dumps(
            [self.oid, self.version, self.name_fi, self.name_sv, [vars(c) for c in self.codes]],
            ensure_ascii=False,
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _column_key(header: str) -> str:
    folded = header.strip().lower().replace("ä", "a").replace("ö", "o")
    return re.sub(r"[\s-]+", "", folded)


def _ended(value: str, today: date) -> bool:
    value = value.strip()
    if not value:
        return False
    for form in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value[:19], form).date() < today  # noqa: DTZ007  (a date only)
        except ValueError:
            continue
    raise CodeSetError([f"unreadable end date {value[:30]!r}"])


def _parse_csv(text: str, *, oid: str, version: str, name_fi: str, name_sv: str, source: str) -> ParsedSet:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise CodeSetError(["the file is empty"])
    keys = [_column_key(h) for h in header]
    where: dict[str, int] = {}
    for role, names in _COLUMNS.items():
        for index, key in enumerate(keys):
            if key in names and role not in where:
                where[role] = index
    missing = [role for role in ("code", "fi") if role not in where]
    if missing:
        wanted = {"code": "CodeId", "fi": "LongName"}
        raise CodeSetError(
            [
                f"no column for {wanted[m]} (the header has: {', '.join(h.strip() for h in header)[:300]})"
                for m in missing
            ]
        )
    today = timezone.localdate()
    parsed = ParsedSet(oid=oid, version=version, name_fi=name_fi, name_sv=name_sv, source=source)
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue

        def cell(role: str, row: list[str] = row) -> str:
            index = where.get(role)
            return row[index].strip() if index is not None and index < len(row) else ""

        if "ends" in where and _ended(cell("ends"), today):
            continue
        parsed.codes.append(ParsedCode(cell("code"), cell("fi"), cell("sv"), cell("en")))
    return parsed


def _parse_fhir(data: dict[str, Any], *, source: str) -> ParsedSet:
    url = _text(data.get("url"))
    oid = url.removeprefix("urn:oid:")
    for identifier in data.get("identifier") or []:
        value = _text(identifier.get("value")) if isinstance(identifier, dict) else ""
        if value.startswith("urn:oid:"):
            oid = value.removeprefix("urn:oid:")
    parsed = ParsedSet(
        oid=oid,
        version=_text(data.get("version")),
        name_fi=_text(data.get("title") or data.get("name")),
        source=source or url,
    )

    def walk(concepts: list[Any]) -> None:
        for concept in concepts:
            if not isinstance(concept, dict):
                raise CodeSetError(["a concept is not an object"])
            names = {"fi": _text(concept.get("display")), "sv": "", "en": ""}
            for designation in concept.get("designation") or []:
                language = _text(designation.get("language"))[:2] if isinstance(designation, dict) else ""
                if language in ("fi", "sv", "en") and not names[language]:
                    names[language] = _text(designation.get("value"))
            parsed.codes.append(ParsedCode(_text(concept.get("code")), names["fi"], names["sv"], names["en"]))
            walk(concept.get("concept") or [])

    walk(data.get("concept") or [])
    return parsed


def _parse_polku(data: dict[str, Any]) -> ParsedSet:
    names = data.get("name") or {}
    if not isinstance(names, dict):
        raise CodeSetError(["name must be an object of names by language"])
    parsed = ParsedSet(
        oid=_text(data.get("oid")),
        version=_text(data.get("version")),
        name_fi=_text(names.get("fi")),
        name_sv=_text(names.get("sv")),
        source=_text(data.get("source")),
    )
    mapping = data.get("polku_mapping") or {}
    if not isinstance(mapping, dict):
        raise CodeSetError(["polku_mapping must be an object of codes by Polku's key"])
    parsed.mapping = {_text(key): _text(code) for key, code in mapping.items()}
    codes = data.get("codes")
    if not isinstance(codes, list):
        raise CodeSetError(["codes must be a list"])
    for entry in codes:
        if not isinstance(entry, dict):
            raise CodeSetError(["a code is not an object"])
        parsed.codes.append(
            ParsedCode(
                _text(entry.get("code")),
                _text(entry.get("fi")),
                _text(entry.get("sv")),
                _text(entry.get("en")),
            )
        )
        if entry.get("verified") is False:
            parsed.provisional = True
    return parsed


def parse(
    raw: bytes,
    *,
    file_name: str = "",
    oid: str = "",
    version: str = "",
    name_fi: str = "",
    name_sv: str = "",
    source: str = "",
    mapping: dict[str, str] | None = None,
) -> ParsedSet:
    """Read a code set file; the options fill what a CSV does not carry (and override a JSON's)."""
    if len(raw) > MAX_FILE_BYTES:
        raise CodeSetError([f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"])
    text = _decode(raw)
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CodeSetError([f"not valid JSON: {exc.msg} (line {exc.lineno})"]) from None
        if not isinstance(data, dict):
            raise CodeSetError(["the JSON is not an object"])
        parsed = (
            _parse_fhir(data, source=source)
            if data.get("resourceType") == "CodeSystem"
            else _parse_polku(data)
        )
    else:
        known = national.KNOWN_SETS
        set_oid = oid or ""
        parsed = _parse_csv(
            text,
            oid=set_oid,
            version=version,
            name_fi=name_fi or (national.code_set_name(set_oid, "fi") if set_oid in known else ""),
            name_sv=name_sv or (national.code_set_name(set_oid, "sv") if set_oid in known else ""),
            source=source or file_name,
        )
    for attribute, value in (("oid", oid), ("version", version), ("name_fi", name_fi), ("name_sv", name_sv)):
        if value:
            setattr(parsed, attribute, value.strip())
    if source:
        parsed.source = source
    parsed.mapping |= mapping or {}
    validate(parsed)
    return parsed


def validate(parsed: ParsedSet) -> None:
    errors: list[str] = []
    if parsed.oid not in national.KNOWN_SETS:
        errors.append(
            f"Polku uses no code set {parsed.oid[:64]!r}; it uses {', '.join(national.KNOWN_SETS)} "
            "(give a CSV's set with --oid)"
        )
    if not parsed.version:
        errors.append("the version is missing (give a CSV's version with --version)")
    elif len(parsed.version) > 100 or _CONTROL.search(parsed.version):
        errors.append("the version is longer than 100 characters or has control characters")
    if not parsed.name_fi:
        errors.append("the code set's Finnish name is missing (give it with --name-fi)")
    for text in (parsed.name_fi, parsed.name_sv):
        if len(text) > 200 or _CONTROL.search(text):
            errors.append("the code set's name is longer than 200 characters or has control characters")
    if not parsed.codes:
        errors.append("the file has no codes")
    if len(parsed.codes) > MAX_CODES:
        errors.append(f"the file has more than {MAX_CODES} codes")
    seen: set[str] = set()
    for number, entry in enumerate(parsed.codes[:MAX_CODES], start=1):
        where = f"code {number} ({entry.code[:50]!r})"
        if not _CODE.match(entry.code):
            errors.append(f"{where}: a code is 1-50 letters, digits or . _ : / -")
        if entry.code in seen:
            errors.append(f"{where}: the code appears twice")
        seen.add(entry.code)
        if not entry.fi:
            errors.append(f"{where}: the Finnish name is missing")
        for text in (entry.fi, entry.sv, entry.en):
            if len(text) > 300 or _CONTROL.search(text):
                errors.append(f"{where}: a name is longer than 300 characters or has control characters")
        if len(errors) > 50:
            errors.append("…")
            break
    keys = national.MAPPING_KEYS.get(parsed.oid, ())
    unknown = sorted(set(parsed.mapping) - set(keys))
    if unknown and parsed.oid in national.KNOWN_SETS:
        named = ", ".join(k[:50] for k in unknown)
        errors.append(f"no such key to map: {named} (this set's keys: {', '.join(keys) or 'none'})")
    if errors:
        raise CodeSetError(errors)


def _mapping(parsed: ParsedSet, earlier: dict[str, str]) -> dict[str, str]:
    """The new version's mapping: the earlier version's, changed by the file and the command; refused while a
    key maps to no code of the new version."""
    mapping = {
        key: code
        for key, code in (earlier | parsed.mapping).items()
        if key in national.MAPPING_KEYS[parsed.oid]
    }
    codes = {entry.code for entry in parsed.codes}
    unmapped = [key for key in national.MAPPING_KEYS[parsed.oid] if mapping.get(key) not in codes]
    if unmapped:
        raise CodeSetError(
            [
                f"{key} maps to {mapping[key]!r}, which the new version lacks: give its code with "
                f"--map {key}=CODE"
                if key in mapping
                else f"{key} maps to no code: give it with --map {key}=CODE"
                for key in unmapped
            ]
        )
    return mapping


def store(
    parsed: ParsedSet,
    *,
    file_name: str = "",
    version_model: Any = None,
    code_model: Any = None,
) -> tuple[Any, bool]:
    """Store `parsed` as the version in use of its set. Returns (version, created); a version already
    loaded with the same content is returned as it is. The migrations pass their historical models."""
    if version_model is None or code_model is None:
        from polku.codes.models import CodeSetVersion, NationalCode

        version_model, code_model = CodeSetVersion, NationalCode
    content_hash = parsed.content_hash()
    with transaction.atomic():
        earlier = (
            version_model.objects.select_for_update().filter(oid=parsed.oid, version=parsed.version).first()
        )
        if earlier is not None:
            if earlier.content_hash != content_hash:
                raise CodeSetError(
                    [f"version {parsed.version!r} of {parsed.oid} is already loaded with other content"]
                )
            return earlier, False
        current = version_model.objects.filter(oid=parsed.oid, active=True).first()
        mapping = _mapping(parsed, dict(current.mapping) if current is not None else {})
        version_model.objects.filter(oid=parsed.oid, active=True).update(active=False)
        version = version_model.objects.create(
            oid=parsed.oid,
            version=parsed.version,
            name_fi=parsed.name_fi,
            name_sv=parsed.name_sv,
            source=parsed.source,
            provisional=parsed.provisional,
            mapping=mapping,
            content_hash=content_hash,
            file_name=file_name[:300],
            active=True,
        )
        code_model.objects.bulk_create(
            code_model(code_set=version, code=c.code, name_fi=c.fi, name_sv=c.sv, name_en=c.en, order=n)
            for n, c in enumerate(parsed.codes)
        )
        transaction.on_commit(national.forget)
    national.forget()  # this connection sees the new version at once, also inside an outer transaction
    return version, True


def load_file(path: Path, **options: Any) -> tuple[Any, bool]:
    raw = path.read_bytes()
    return store(parse(raw, file_name=path.name, **options), file_name=path.name)


def load_repository_files(version_model: Any, code_model: Any) -> None:
    """Load polku/codes/data/ (the migrations call this with their historical models)."""
    for file_name in national.KNOWN_SETS.values():
        raw = (national.DATA / file_name).read_bytes()
        store(
            parse(raw, file_name=file_name),
            file_name=file_name,
            version_model=version_model,
            code_model=code_model,
        )
