"""The one weekday calendar (arkipäivä) for every statutory time limit in Polku.

Weekdays are Monday to Friday that are not public holidays. Finland's public holidays come from the
`holidays` package; Christmas Eve and Midsummer Eve are added here because time limits treat them as
holidays (laki säädettyjen määräaikain laskemisesta 150/1930, 5 §) whatever the package's version says.
Counting starts on the day after the event (SHL 36: "seitsemäntenä arkipäivänä yhteydenotosta").
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("FI", years=year))
    days.add(date(year, 12, 24))  # Christmas Eve
    # Midsummer Eve: the Friday between 19 and 25 June.
    days.add(next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4))
    return frozenset(days)


def is_weekday(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_weekday(day: date) -> date:
    """`day` itself when it is a weekday, else the first weekday after it (a limit ending on a
    non-weekday moves to the next weekday)."""
    while not is_weekday(day):
        day += timedelta(days=1)
    return day


def add_weekdays(start: date, count: int) -> date:
    """The `count`th weekday after `start` (count 0 is `start` itself, for "the same day")."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    for _ in range(count):
        day = next_weekday(day + timedelta(days=1))
    return day


def add_months(start: date, months: int) -> date:
    """A limit of whole months: the same day of the month, or the month's last day when it has no such day,
    moved to the next weekday when it falls on a non-weekday."""
    return next_weekday(start + relativedelta(months=months))
