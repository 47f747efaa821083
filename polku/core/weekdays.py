"""The one weekday calendar (arkipäivä) for every statutory time limit in Polku.

Weekdays are Monday to Friday that are not public holidays. Finland's public holidays come from the
`holidays` package; Christmas Eve and Midsummer Eve are added here because time limits treat them as
holidays (laki säädettyjen määräaikain laskemisesta 150/1930, 5 §) whatever the package's version says.
Counting starts on the day after the event (SHL 36: "seitsemäntenä arkipäivänä yhteydenotosta").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache, wraps
from typing import ParamSpec

import holidays
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

P = ParamSpec("P")


def _within_the_calendar(count: Callable[P, date]) -> Callable[P, date]:
    """A limit that would end past the last day a date can hold (9999-12-31) is a refusal, not a crash."""

    @wraps(count)
    def counted(*args: P.args, **kwargs: P.kwargs) -> date:
        try:
            return count(*args, **kwargs)
        except OverflowError as exc:
            raise ValidationError(
                _("The time limit would end after the last date the calendar holds."), code="date_overflow"
            ) from exc

    return counted


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("FI", years=year))
    days.add(date(year, 12, 24))  # Christmas Eve
    # Midsummer Eve: the Friday between 19 and 25 June.
    days.add(next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4))
    return frozenset(days)


def is_weekday(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


@_within_the_calendar
def next_weekday(day: date) -> date:
    """`day` itself when it is a weekday, else the first weekday after it (a limit ending on a
    non-weekday moves to the next weekday)."""
    while not is_weekday(day):
        day += timedelta(days=1)
    return day


@_within_the_calendar
def add_weekdays(start: date, count: int) -> date:
    """The `count`th weekday after `start` (count 0 is `start` itself, for "the same day")."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    for _step in range(count):
        day = next_weekday(day + timedelta(days=1))
    return day


@_within_the_calendar
def add_months(start: date, months: int) -> date:
    """A limit of whole months: the same day of the month, or the month's last day when it has no such day,
    moved to the next weekday when it falls on a non-weekday."""
    try:
        end = start + relativedelta(months=months)
    except ValueError as exc:  # relativedelta's way of saying "past year 9999"
        raise OverflowError(str(exc)) from exc
    return next_weekday(end)
