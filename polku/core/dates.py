"""The rules of dates, one per kind of date, for every service that takes one.

- A record of something that happened (attendance present or absent, a timeline entry of a past event)
  cannot be in the future, nor before the service it belongs to started.
- A booking (a group session, a home visit, a review meeting) may be in the future, up to
  BOOKING_HORIZON_YEARS ahead, and not before the service it belongs to started.
- A review date set for a plan cannot be in the past.
- Every date lies within DATE_MIN..DATE_MAX (polku/core/forms.py), so year 1 and year 9999 are refused
  everywhere.

Each rule returns the refusal in the user's language, saying why, or None when the date is fine; the
service puts it on its field.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext as _

from polku.core.formats import day as day_text
from polku.core.forms import DATE_MAX, DATE_MIN, date_range_error
from polku.core.weekdays import add_months

BOOKING_HORIZON_YEARS = 2


def _out_of_range(day: date) -> str | None:
    return None if DATE_MIN <= day <= DATE_MAX else str(date_range_error().messages[0])


def _before_start(day: date, starts: date | None) -> str | None:
    if starts is not None and day < starts:
        return _("The service starts on %(start)s: the date cannot be before it.") % {
            "start": day_text(starts)
        }
    return None


def happened(day: date, *, today: date, starts: date | None = None) -> str | None:
    """A record of something that happened on `day`, in a service that started on `starts`."""
    if error := _out_of_range(day):
        return error
    if day > today:
        return _("This records what happened: the date cannot be in the future.")
    return _before_start(day, starts)


def happened_at(moment: datetime, *, now: datetime) -> str | None:
    """A record of something that happened at `moment` (a timeline entry)."""
    if error := _out_of_range(moment.date()):
        return error
    if moment > now:
        return _("This records what happened: the time cannot be in the future.")
    return None


def booking_last_day(today: date) -> date:
    return add_months(today, 12 * BOOKING_HORIZON_YEARS)


def booked(day: date, *, today: date, starts: date | None = None) -> str | None:
    """A booking for `day` (it may lie ahead), in a service that starts on `starts`."""
    if error := _out_of_range(day):
        return error
    last = booking_last_day(today)
    if day > last:
        return _("A booking can be at most %(years)s years ahead, until %(last)s.") % {
            "years": BOOKING_HORIZON_YEARS,
            "last": day_text(last),
        }
    return _before_start(day, starts)


def review_due(day: date, *, today: date) -> str | None:
    """The date set for the next review of a plan."""
    if error := _out_of_range(day):
        return error
    if day < today:
        return _("The next review cannot be in the past.")
    return None
