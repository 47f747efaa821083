"""Reading a data file a county may replace (the self-assessment instruments, the AVAIN lists): texts in
every UI language, and a reader that says the file and the place of each error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.utils.translation import get_language


def required_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class Text:
    """A text in every UI language."""

    by_language: Mapping[str, str]

    def __str__(self) -> str:
        """In the active language (e.g. `fi-selko`), else its base language (`fi`), else Finnish."""
        language = get_language() or "fi"
        return (
            self.by_language.get(language)
            or self.by_language.get(language.split("-")[0])
            or self.by_language.get("fi")
            or next(iter(self.by_language.values()), "")
        )

    def get(self, language: str) -> str:
        return self.by_language.get(language, "")


class DataReader:
    """Walks one parsed file, remembering where it is so that every error can say so. A subclass names
    the error its file raises (`error`)."""

    error: ClassVar[type[ValueError]] = ValueError

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> ValueError:
        return self.error(f"{self.source}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping of keys to values")
        return value

    def sequence(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "expected a non-empty list")
        return value

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.replace("_", "").isalnum() or not value.isascii():
            raise self.fail(where, f"{value!r} is not an identifier (letters, digits and _)")
        return value

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"expected a number, got {value!r}")
        return float(value)

    def integer(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"expected a whole number, got {value!r}")
        return value

    def text(self, value: Any, where: str) -> Text:
        texts = self.mapping(value, where)
        for language in required_languages():
            if not isinstance(texts.get(language), str) or not texts[language].strip():
                raise self.fail(where, f"missing translation {language!r}")
        return Text({str(k): str(v).strip() for k, v in texts.items()})

    def only(self, data: dict[str, Any], where: str, allowed: Iterable[str]) -> None:
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(unknown)}")
