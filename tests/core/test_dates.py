"""The rules of dates (polku/core/dates.py) against hand-worked days, with today fixed at Friday 4.12.2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils.translation import override

from polku.core.dates import booked, booking_last_day, happened, happened_at, review_due

TODAY = date(2026, 12, 4)
START = date(2026, 11, 2)  # the service started on Monday 2.11.2026
OK = None
FUTURE = "This records what happened: the date cannot be in the future."
BEFORE_START = "The service starts on 2.11.2026: the date cannot be before it."
TOO_FAR = "A booking can be at most 2 years ahead, until 4.12.2028."
RANGE = "Give a date between 1900-01-01 and 2200-12-31."
PAST_REVIEW = "The next review cannot be in the past."


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY, OK),  # what happened today
        (date(2026, 12, 5), FUTURE),  # tomorrow has not happened
        (START, OK),  # on the first day of the service
        (date(2026, 11, 1), BEFORE_START),  # the Sunday before it started
        (date(1, 1, 1), RANGE),
        (date(9999, 12, 31), RANGE),
    ],
)
def test_a_record_of_what_happened(day: date, expected: str | None) -> None:
    with override("en"):
        assert happened(day, today=TODAY, starts=START) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY, OK),
        (date(2026, 12, 11), OK),  # next Friday's home visit
        (date(2026, 11, 20), OK),  # a meeting already held, after the start
        (date(2028, 12, 4), OK),  # two years ahead to the day
        (date(2028, 12, 5), TOO_FAR),
        (date(2030, 1, 15), TOO_FAR),  # the session "in 2030"
        (date(2026, 10, 30), BEFORE_START),  # a review before the service started
        (date(1, 1, 1), RANGE),
        (date(9999, 12, 31), RANGE),
    ],
)
def test_a_booking(day: date, expected: str | None) -> None:
    with override("en"):
        assert booked(day, today=TODAY, starts=START) == expected


def test_two_years_from_a_leap_day_end_on_the_last_of_february() -> None:
    assert booking_last_day(date(2028, 2, 29)) == date(2030, 2, 28)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY, OK),
        (date(2027, 3, 1), OK),
        (date(2026, 12, 3), PAST_REVIEW),  # yesterday
        (date(2020, 6, 1), PAST_REVIEW),  # the plan review date "in 2020"
        (date(1, 1, 1), RANGE),
        (date(9999, 12, 31), RANGE),
    ],
)
def test_a_plan_review_date(day: date, expected: str | None) -> None:
    with override("en"):
        assert review_due(day, today=TODAY) == expected


def test_a_timeline_entry_happened_by_now() -> None:
    now = datetime(2026, 12, 4, 12, 30, tzinfo=UTC)
    with override("en"):
        assert happened_at(now, now=now) is None
        assert happened_at(now - timedelta(days=400), now=now) is None
        assert happened_at(now + timedelta(minutes=1), now=now) == (
            "This records what happened: the time cannot be in the future."
        )


def test_the_reasons_are_in_the_users_language() -> None:
    with override("fi"):
        assert happened(date(2026, 12, 5), today=TODAY) != FUTURE
    with override("sv"):
        assert booked(date(2026, 10, 30), today=TODAY, starts=START) != BEFORE_START
