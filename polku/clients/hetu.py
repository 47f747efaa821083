"""Henkilötunnus (Finnish personal identity code) by the Digital and Population Data Services Agency's rules.

Form DDMMYYCZZZQ: birth date, century sign, individual number 002-899 (900-999 for temporary and
test codes), and a check character. Since 2023 the 1900s may also be written Y X W V U and the 2000s
B C D E F besides - and A.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# ASCII only: \d would also accept e.g. fullwidth digits, and the same person would get a second hash.
_PATTERN = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+YXWVUABCDEF])(\d{3})([0-9A-Y])$", re.ASCII)


@dataclass(frozen=True)
class Hetu:
    value: str
    birth_date: date
    individual_number: int

    @property
    def is_temporary(self) -> bool:
        return self.individual_number >= 900


def age_on(birth_date: date, day: date) -> int:
    """Age in full years on `day` (a person born on 29 February turns a year older on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def check_character(birth: str, individual: str) -> str:
    return CHECK_CHARACTERS[int(birth + individual) % 31]


def parse_hetu(raw: str) -> Hetu:
    """Validate and normalise a henkilötunnus; raise ValidationError saying what is wrong."""
    value = (raw or "").strip().upper()
    match = _PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("A henkilötunnus has the form DDMMYYCZZZQ, for example 010190-900P."), code="hetu_format"
        )
    day, month, year, sign, individual, check = match.groups()
    try:
        born = date(CENTURY_SIGNS[sign] + int(year), int(month), int(day))
    except ValueError as exc:
        raise ValidationError(
            _("The henkilötunnus does not begin with a real date of birth."), code="hetu_date"
        ) from exc
    if int(individual) < 2:
        raise ValidationError(
            _("The individual number of a henkilötunnus is 002-999."), code="hetu_individual"
        )
    if check_character(day + month + year, individual) != check:
        raise ValidationError(
            _("The check character of the henkilötunnus does not match. Check the code for typing errors."),
            code="hetu_checksum",
        )
    return Hetu(value=value, birth_date=born, individual_number=int(individual))


def looks_like_hetu(text: str) -> bool:
    return bool(_PATTERN.match((text or "").strip().upper()))


def make_hetu(born: date, individual_number: int, sign: str | None = None) -> str:
    """Compose a valid henkilötunnus (demo data and tests use individual numbers 900-999)."""
    if sign is None:
        sign = {1800: "+", 1900: "-", 2000: "A"}[born.year // 100 * 100]
    birth = born.strftime("%d%m%y")
    individual = f"{individual_number:03d}"
    return f"{birth}{sign}{individual}{check_character(birth, individual)}"
