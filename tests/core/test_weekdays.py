"""The weekday calendar behind every statutory time limit (domain.md, "Weekdays and time limits")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from polku.core.weekdays import add_months, add_weekdays, is_weekday, next_weekday

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


def test_a_tuesday_contact_without_holidays_is_due_on_thursday_of_the_following_week() -> None:
    tuesday = date(2026, 9, 8)
    assert add_weekdays(tuesday, 7) == date(2026, 9, 17)


def test_christmas_eve_christmas_boxing_day_new_year_and_epiphany_are_skipped() -> None:
    # 23.12. Wed (1), 28.-31.12. (2-5), 4.1. Mon (6), 5.1. Tue (7); 6.1. is Epiphany.
    assert add_weekdays(date(2026, 12, 22), 7) == date(2027, 1, 5)
    assert add_weekdays(date(2026, 12, 22), 8) == date(2027, 1, 7)


def test_easter_and_may_day_and_ascension_are_not_weekdays() -> None:
    for holiday in (date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14)):
        assert not is_weekday(holiday)


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2030])
def test_midsummer_eve_is_not_a_weekday(year: int) -> None:
    eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    assert not is_weekday(eve)
    assert is_weekday(eve - timedelta(days=1))


def test_independence_day_on_a_weekday_is_skipped() -> None:
    assert not is_weekday(date(2027, 12, 6))  # a Monday


def test_saturdays_and_sundays_are_not_weekdays() -> None:
    assert not is_weekday(date(2026, 11, 21))
    assert not is_weekday(date(2026, 11, 22))
    assert is_weekday(date(2026, 11, 23))


def test_count_zero_is_the_same_day_for_urgent_matters() -> None:
    assert add_weekdays(date(2026, 11, 21), 0) == date(2026, 11, 21)


def test_a_limit_of_months_ending_on_a_non_weekday_moves_to_the_next_weekday() -> None:
    assert add_months(date(2026, 9, 21), 3) == date(2026, 12, 21)
    assert add_months(date(2026, 9, 24), 3) == date(2026, 12, 28)  # 24.12. Christmas Eve -> Monday 28.12.
    assert add_months(date(2026, 11, 30), 3) == date(2027, 3, 1)  # 28.2.2027 is a Sunday


@given(DAYS, st.integers(min_value=1, max_value=40))
def test_the_due_day_is_a_weekday_with_exactly_count_weekdays_after_the_start(
    start: date, count: int
) -> None:
    due = add_weekdays(start, count)
    assert is_weekday(due)
    days = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_weekday(day) for day in days) == count


@given(DAYS)
def test_next_weekday_is_the_first_weekday_on_or_after_the_day(day: date) -> None:
    result = next_weekday(day)
    assert is_weekday(result)
    assert all(not is_weekday(day + timedelta(days=i)) for i in range((result - day).days))


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        add_weekdays(date(2026, 1, 1), -1)


@pytest.mark.parametrize(
    "count",
    [lambda: add_weekdays(date(9999, 12, 31), 7), lambda: add_months(date(9999, 11, 30), 2)],
)
def test_a_limit_past_the_last_date_of_the_calendar_is_a_refusal_not_a_crash(count: Any) -> None:
    """9999-12-31 plus seven weekdays overflowed into a 500 (issue #10)."""
    with pytest.raises(ValidationError) as refused:
        count()
    assert refused.value.code == "date_overflow"
