"""Periods of structural reporting: half-years ("2025H1") and months, in Helsinki time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

_HALF = re.compile(r"^(\d{4})[Hh]([12])$")


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> HalfYear:
        match = _HALF.match((text or "").strip())
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            raise ValidationError(
                {"period": [_("Give the half-year as YYYYH1 or YYYYH2, for example 2025H1.")]}
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> HalfYear:
        return cls(day.year, 1 if day.month <= 6 else 2)

    def __str__(self) -> str:
        return f"{self.year}H{self.half}"

    @property
    def first_day(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes of the local time zone."""
        end = date(self.year, 7, 1) if self.half == 1 else date(self.year + 1, 1, 1)
        return start_of(self.first_day), start_of(end)

    def previous(self) -> HalfYear:
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def check_range(start: date | None, end: date | None, *, end_field: str) -> None:
    """A period that ends before it starts is refused with a message on its end."""
    if start and end and end < start:
        raise ValidationError({end_field: [_("The period ends before it starts.")]})


# Monthly reports list every month of their period, so a period is at most ten years long: a typing error
# (year 0202) or a crafted request must not make the server list thousands of months.
MAX_REPORT_MONTHS = 120


def check_report_range(start: date | None, end: date | None, *, end_field: str) -> None:
    """check_range, and a period of at most MAX_REPORT_MONTHS months."""
    check_range(start, end, end_field=end_field)
    if start and end and (end.year - start.year) * 12 + end.month - start.month >= MAX_REPORT_MONTHS:
        raise ValidationError(
            {
                end_field: [
                    _("The period can be at most %(years)s years long.") % {"years": MAX_REPORT_MONTHS // 12}
                ]
            }
        )
